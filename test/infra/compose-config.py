"""Runs Debian docker-compose's own CLI entry point (`docker-compose -f FILE config`) for
each file named on the command line, in one Python process: one interpreter start-up
instead of one per file. Prints one JSON object per file: {file, code, output}.
Usage: /usr/bin/python3 compose-config.py PROJECT_DIR FILE..."""
import contextlib
import io
import json
import os
import sys

from compose.cli.main import main  # docker-compose 1.29 (Debian package)

project = sys.argv[1]
os.chdir(project)
for path in sys.argv[2:]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    sys.argv = ["docker-compose", "-f", path, "--project-directory", project, "config"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    print(json.dumps({"file": path, "code": code, "output": out.getvalue() + err.getvalue()}))
