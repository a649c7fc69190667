// Minimal typings for the parts of `clamscan` 2 we use (the package ships none).
declare module 'clamscan' {
  interface ClamdScanSettings {
    socket?: string;
    host?: string;
    port?: number;
    timeout?: number;
    localFallback?: boolean;
    active?: boolean;
    bypassTest?: boolean;
  }
  interface InitOptions {
    removeInfected?: boolean;
    debugMode?: boolean;
    clamdscan?: ClamdScanSettings;
    preference?: 'clamscan' | 'clamdscan';
  }
  export default class NodeClam {
    init(options?: InitOptions): Promise<NodeClam>;
    getVersion(): Promise<string>;
    ping(): Promise<unknown>;
  }
}
