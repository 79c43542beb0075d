export * from './code-list';
export * from './encounter-codes';
export * from './municipalities';
export * from './client-codes';
export * from './local-codes';
export * from './workshop-codes';
export * from './esf-codes';
