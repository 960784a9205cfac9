//! Work spread over the machine's cores (at most eight threads), order kept.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many items a thread takes at a time. Runs are taken in turn by whichever thread is free,
/// so a thread that the rest of the machine slows down takes fewer of them.
const RUN: usize = 64;

/// Run `work` over `items` on the machine's cores, keeping order.
pub(super) fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    in_parallel_with(items, || (), |_, item| work(item))
}

/// Run `work` over `items` on the machine's cores, keeping order; each thread's `work` is given
/// state of its own, made by `init`. The calling thread works too.
pub(super) fn in_parallel_with<T: Sync, S, R: Send>(
    items: &[T],
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let runs = items.len().div_ceil(RUN);
    if threads == 1 || runs < 4 {
        let mut state = init();
        return items.iter().map(|item| work(&mut state, item)).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut state = init();
        let mut done = Vec::new();
        loop {
            let run = next.fetch_add(1, Ordering::Relaxed);
            if run >= runs {
                break;
            }
            let part = &items[run * RUN..items.len().min((run + 1) * RUN)];
            done.push((
                run,
                part.iter().map(|item| work(&mut state, item)).collect(),
            ));
        }
        done
    };
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut done = worker();
        for handle in handles {
            done.extend(handle.join().expect("worker thread"));
        }
        done
    });
    done.sort_unstable_by_key(|(run, _)| *run);
    let mut out = Vec::with_capacity(items.len());
    for (_, part) in done {
        out.extend(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_worked_once_and_the_order_is_kept() {
        for len in [0, 1, 63, 64, 255, 256, 257, 1000, 4099] {
            let items: Vec<usize> = (0..len).collect();
            let out = in_parallel_with(&items, Vec::new, |seen, i| {
                seen.push(*i);
                // What a thread saw before is its own, and in order.
                assert!(seen.windows(2).all(|w| w[0] < w[1]));
                i * 2
            });
            assert_eq!(
                out,
                items.iter().map(|i| i * 2).collect::<Vec<_>>(),
                "{len}"
            );
        }
    }
}
