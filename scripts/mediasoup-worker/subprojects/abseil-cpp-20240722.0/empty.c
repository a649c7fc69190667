// Intentionally empty: the worker link_whole()s a static library from each
// dependency; the real code comes from the Debian shared library in the
// matching *_dep.
