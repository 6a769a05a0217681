//! Stable sorting for the core's small vectors, written once over indices.
//!
//! std's sort routines are fast but large in WebAssembly: each element type gets its own copy of the
//! pattern-defeating and small-sort machinery (about 36 KB of the module, BENCHMARKS.md). Every vector
//! the core sorts is bounded (origins, incidents, markers, vendors, evidence), so one merge sort over
//! indices with a comparison passed by reference serves all of them: O(n log n), stable, and it never
//! indexes out of bounds.

/// Up to this length an insertion sort in place is used (stable too).
const SMALL: usize = 16;

/// Sorts `v` stably by `le` ("a may stay before b").
pub(crate) fn sort_by<T>(v: &mut Vec<T>, le: impl Fn(&T, &T) -> bool) {
    if v.len() < 2 {
        return;
    }
    if v.len() <= SMALL {
        // In place, no allocation: the per-diagnosis sorts (vendors seen in the chain) are this size.
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && matches!((v.get(j - 1), v.get(j)), (Some(a), Some(b)) if !le(a, b)) {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let order = {
        let items: &Vec<T> = v;
        merge_sort((0..items.len()).collect(), &|a, b| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => le(x, y),
            _ => true,
        })
    };
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)));
}

/// Sorts `v` stably by `key`.
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a) <= key(b));
}

/// Sorts `v` (ascending, stable).
pub(crate) fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, |a, b| a <= b);
}

/// One instance for every element type: only indices move, `le` compares the elements they name.
fn merge_sort(mut idx: Vec<usize>, le: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    if idx.len() < 2 {
        return idx;
    }
    let left: Vec<usize> = idx.drain(..idx.len() / 2).collect();
    let (left, right) = (merge_sort(left, le), merge_sort(idx, le));
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(&a), Some(&b)) = (l.peek(), r.peek()) {
        if le(a, b) {
            out.push(a);
            l.next();
        } else {
            out.push(b);
            r.next();
        }
    }
    out.extend(l);
    out.extend(r);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_std_and_keeps_equal_keys_in_order() {
        // A small deterministic generator: no dependency, many shapes (runs, reversals, duplicates).
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in [0_usize, 1, 2, 3, 7, 16, 33, 100, 257, 1000] {
            for modulus in [1_u64, 3, 50, u64::MAX] {
                let v: Vec<(u64, usize)> = (0..len).map(|i| (next() % modulus, i)).collect();
                let mut ours = v.clone();
                sort_by_key(&mut ours, |x| x.0);
                let mut theirs = v.clone();
                theirs.sort_by_key(|x| x.0); // std's stable sort
                assert_eq!(ours, theirs, "len {len}, modulus {modulus}");
                let mut plain = v.clone();
                sort(&mut plain);
                let mut std_plain = v;
                std_plain.sort();
                assert_eq!(plain, std_plain);
            }
        }
    }

    #[test]
    fn reversed_and_sorted_inputs() {
        let mut v: Vec<u32> = (0..5000).rev().collect();
        sort(&mut v);
        assert!(v.windows(2).all(|w| w[0] <= w[1]));
        sort_by_key(&mut v, |x| std::cmp::Reverse(*x));
        assert!(v.windows(2).all(|w| w[0] >= w[1]));
    }
}
