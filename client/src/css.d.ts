// Vite bundles CSS imported from a module (a page's own styles, loaded with that page's chunk).
declare module "*.css";
