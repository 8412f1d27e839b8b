// Preloaded (NODE_OPTIONS=--require) into every Node process of a profiled preview: the engine stops providers
// with SIGINT, whose default action ends Node before --cpu-prof writes its profile; exiting writes it.
process.on("SIGINT", () => process.exit(0));
