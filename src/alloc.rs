//! The binary's allocator (the library leaves the choice to its binaries):
//! mimalloc. Small allocations made and freed by the million — an import's
//! cells, rows and audit entries — cost a fraction of the system
//! allocator's (a 40,000-student import: about a sixth less CPU).
//!
//! Two of its options are set before anything is allocated, so that a
//! session's memory stays what it was with the system allocator: arenas
//! are committed as they are used, not whole when reserved, and memory
//! freed is given back at once, not a second later (with mimalloc's
//! defaults the full-screen session's peak RSS grows from 41 to 68 MB;
//! with these, 38 MB — `zhiban bench --only screens`, `rss_tui`).

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use libmimalloc_sys::{
    mi_option_large_os_pages, mi_option_set, mi_option_t, mi_option_use_numa_nodes,
};

/// `mi_option_arena_eager_commit` in mimalloc.h (the -sys crate names no
/// constant for it): two before `mi_option_allow_large_os_pages`.
const ARENA_EAGER_COMMIT: mi_option_t = 4;
/// `mi_option_purge_delay`, just before `mi_option_use_numa_nodes`.
const PURGE_DELAY: mi_option_t = 15;
const _: () = assert!(
    ARENA_EAGER_COMMIT + 2 == mi_option_large_os_pages
        && PURGE_DELAY + 1 == mi_option_use_numa_nodes
);

/// Sets the options; run by the loader before `main` and before the first
/// allocation (mimalloc reserves its first arena on that), as the
/// environment's `MIMALLOC_…` variables would be read.
extern "C" fn options() {
    // SAFETY: mi_option_set writes one entry of mimalloc's option table; it
    // allocates nothing and needs nothing initialised (one thread, before
    // main)
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 0);
    }
}

#[used]
#[unsafe(link_section = ".init_array")]
static OPTIONS: extern "C" fn() = options;

#[cfg(test)]
mod tests {
    use super::*;

    /// The options are set when the process starts (the test binary's own
    /// start ran `options` too).
    #[test]
    fn options_set_before_main() {
        // SAFETY: reads one entry of the option table
        let (eager, purge) = unsafe {
            (
                libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT),
                libmimalloc_sys::mi_option_get(PURGE_DELAY),
            )
        };
        assert_eq!((eager, purge), (0, 0));
    }
}
