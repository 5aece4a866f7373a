//! DOM access: the selector registry, the reader, the loader, the panel and the clicks.
