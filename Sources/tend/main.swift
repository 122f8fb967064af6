import TendCLI

// All wiring lives in TendCLI; this only hands over.
await TendCLI.run()
