// SQLite's C API, as the SQLite target wraps it.
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro that Swift cannot import: binding with it makes SQLite copy the value.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
