// The part of koffi's API that winsock_ffi.ts uses, so the example type-checks without the package.
declare module 'koffi' {
  type KoffiFunction = (...args: any[]) => any;
  interface KoffiLibrary {
    func(definition: string): KoffiFunction;
    func(name: string, result: string, parameters: string[]): KoffiFunction;
    unload(): void;
  }
  function load(path: string): KoffiLibrary;
  const koffi: { load: typeof load };
  export default koffi;
}
