export declare function parseSeedPermissions(ddl: string): string[];
