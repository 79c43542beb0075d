export * from './code-list';
export * from './encounter-codes';
export * from './municipalities';
