//! JS value -> Rust, with the rules serde-wasm-bindgen applied before (the contract the shell and the
//! stored data were written against):
//!
//! - a struct is any object (`typeof == "object"`, not null; an array too); a property that is
//!   `undefined` and not `in` the object is missing: its default, `None`, or an error when required.
//!   Other properties are ignored.
//! - a string is a string primitive, a bool a boolean primitive; an integer a number that is a safe
//!   integer within the type's range (a `u64` also takes a BigInt in range);
//! - `null` and `undefined` are `None`;
//! - a list is an array or any other iterable; a pair is a list of at least two.
//!
//! Nothing here panics: a value of the wrong kind is a [`Bad`] naming where it was.

use js_sys::{Array, JsString};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::keys::K;

#[wasm_bindgen]
extern "C" {
    /// Any JS object, read by property. (No `Reflect.get`: the value is known to be an object.)
    pub type Obj;
    #[wasm_bindgen(method, indexing_getter)]
    fn get(this: &Obj, key: &JsValue) -> JsValue;

    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    /// wasm-bindgen hands JS a view of `destination` in the wasm memory: the encoder writes in place.
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, source: &JsString, destination: &mut [u8]) -> Encoded;

    /// `TextEncoder.encodeInto`'s `{read, written}`.
    type Encoded;
    #[wasm_bindgen(method, getter)]
    fn read(this: &Encoded) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &Encoded) -> u32;
}

/// Where the path of a [`Bad`] value went through.
#[derive(Debug)]
enum Step {
    Key(K),
    Index(u32),
}

/// An input that does not have the contract's shape: what was expected, and where (innermost first).
#[derive(Debug)]
pub struct Bad {
    expected: &'static str,
    path: Vec<Step>,
}

impl Bad {
    /// A value that is not `expected`.
    pub fn new(expected: &'static str) -> Self {
        Bad { expected, path: Vec::new() }
    }

    fn at(mut self, step: Step) -> Self {
        self.path.push(step);
        self
    }

    /// The message JS sees, e.g. `bad input: facts.headers[3][1]: expected a string`.
    pub fn message(&self, argument: &str) -> String {
        let mut out = String::from("bad input: ");
        out.push_str(argument);
        for step in self.path.iter().rev() {
            match step {
                Step::Key(k) => {
                    out.push('.');
                    out.push_str(k.name());
                }
                Step::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out.push_str(": ");
        out.push_str(self.expected);
        out
    }
}

/// A Rust value read from a JS value.
pub trait FromJs: Sized {
    /// Reads `value`, or says what is wrong with it.
    fn from_js(value: &JsValue) -> Result<Self, Bad>;
}

impl FromJs for String {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        value.as_string().ok_or_else(|| Bad::new("expected a string"))
    }
}

impl FromJs for bool {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        value.as_bool().ok_or_else(|| Bad::new("expected true or false"))
    }
}

/// `Number.MAX_SAFE_INTEGER`: larger numbers are not exact, so they are refused as integers.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A whole number in `0..=max`: a safe-integer number, or a BigInt when `bigint` is allowed.
fn whole(value: &JsValue, max: u64, bigint: bool) -> Result<u64, Bad> {
    let n = match value.as_f64() {
        // NaN fails every comparison; -0 counts as 0 (as `Number.isSafeInteger` says).
        Some(x) if (0.0..=MAX_SAFE_INTEGER).contains(&x) && x.trunc() == x => x as u64,
        Some(_) => return Err(Bad::new("expected a whole number of at least 0")),
        None if bigint && value.is_bigint() => {
            return u64::try_from_js_value_ref(value)
                .ok_or_else(|| Bad::new("expected a BigInt in the u64 range"))
        }
        None => return Err(Bad::new("expected a number")),
    };
    if n <= max {
        Ok(n)
    } else {
        Err(Bad::new("number out of range"))
    }
}

impl FromJs for u16 {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        whole(value, u16::MAX.into(), false).map(|n| n as u16)
    }
}

impl FromJs for u32 {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        whole(value, u32::MAX.into(), false).map(|n| n as u32)
    }
}

impl FromJs for u64 {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        whole(value, u64::MAX, true)
    }
}

impl<T: FromJs> FromJs for Option<T> {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        if value.is_null_or_undefined() {
            Ok(None)
        } else {
            T::from_js(value).map(Some)
        }
    }
}

/// Calls `each` with every element of an array or other iterable, with its index.
fn elements(value: &JsValue, each: &mut dyn FnMut(u32, &JsValue) -> Result<(), Bad>) -> Result<(), Bad> {
    if let Some(array) = value.dyn_ref::<Array>() {
        for i in 0..array.length() {
            each(i, &array.get(i)).map_err(|e| e.at(Step::Index(i)))?;
        }
        return Ok(());
    }
    let not_a_list = || Bad::new("expected an array");
    // `try_iter` throws (Err) for primitives and gives None for objects without `Symbol.iterator`.
    let iter = js_sys::try_iter(value).ok().flatten().ok_or_else(not_a_list)?;
    for (i, element) in (0u32..).zip(iter) {
        let element = element.map_err(|_| Bad::new("the iterable threw"))?;
        each(i, &element).map_err(|e| e.at(Step::Index(i)))?;
    }
    Ok(())
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let mut out = Vec::new();
        elements(value, &mut |_, element| {
            out.push(T::from_js(element)?);
            Ok(())
        })?;
        Ok(out)
    }
}

/// A `[name, value]` pair (a header): the first two elements of a list; more are ignored.
impl FromJs for (String, String) {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        // An array, the usual case, is read by index: a shorter one has `undefined` there, no string.
        if let Some(pair) = value.dyn_ref::<Array>() {
            let first = String::from_js(&pair.get(0)).map_err(|e| e.at(Step::Index(0)))?;
            let second = String::from_js(&pair.get(1)).map_err(|e| e.at(Step::Index(1)))?;
            return Ok((first, second));
        }
        let (mut first, mut second) = (None, None);
        elements(value, &mut |i, element| {
            match i {
                0 => first = Some(String::from_js(element)?),
                1 => second = Some(String::from_js(element)?),
                _ => {}
            }
            Ok(())
        })?;
        first.zip(second).ok_or_else(|| Bad::new("expected a list of two strings"))
    }
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// From this many UTF-16 units on, a string is encoded by `TextEncoder.encodeInto` straight into the
/// Rust buffer (native code, one copy) rather than by wasm-bindgen's per-character JS loop: for the
/// 8 KiB page of `tests/bench`, ~0.6 µs instead of ~11 µs.
const LONG_STRING: u32 = 256;

/// A string that may be long (an error page's text): the same value as [`String::from_js`].
pub fn long_string(value: &JsValue) -> Result<String, Bad> {
    let Some(text) = value.dyn_ref::<JsString>() else {
        return Err(Bad::new("expected a string"));
    };
    let units = text.length();
    if units < LONG_STRING {
        return String::from_js(value);
    }
    // First as if it were ASCII (one byte per UTF-16 unit, the usual page); what did not fit then gets
    // the most it may need, 3 bytes per unit. The encoder stops only between characters. Lone
    // surrogates become U+FFFD, as in wasm-bindgen's own copy (which uses the same encoder), so the
    // bytes are always UTF-8: the check below cannot fail.
    let mut bytes = vec![0u8; units as usize];
    let (read, mut written) = ENCODER.with(|encoder| {
        let done = encoder.encode_into(text, &mut bytes);
        (done.read(), done.written() as usize)
    });
    if read < units {
        let rest = text.slice(read, units);
        bytes.resize(written + (units - read) as usize * 3, 0);
        if let Some(tail) = bytes.get_mut(written..) {
            written += ENCODER.with(|encoder| encoder.encode_into(&rest, tail).written()) as usize;
        }
    }
    bytes.truncate(written);
    String::from_utf8(bytes).map_err(|_| Bad::new("expected a string"))
}

/// Pairs, and total UTF-16 units, up to which [`Headers`] joins a list's strings into one crossing (far
/// more than real headers hold); a longer list crosses in several pieces, a pair past the units alone.
/// (The units limit is also `UNITS` in the JS below.)
const JOINED_PAIRS: usize = 1024;
/// Shorter lists are read one string at a time (joining costs more than it saves for a pair or two).
const JOINED_FROM: u32 = 4;

// Walks `list[i..end]` in one call: the same reads and checks, in the same order, as the Rust loop of
// `Vec<(String, String)>::from_js` (each element once; `Array.isArray`, like `dyn_ref::<Array>`; then
// `[0]`, is it a string, `[1]`, is it a string), joining the strings of array pairs into one string and
// writing their lengths to `out[3..]`. It stops at what it cannot take, and says why in `out[0]`:
// 0 done, 1 `out` full (go on at `out[1]`, not read yet), 2 element `out[1]` is no array (returned with
// the text; go on after it), 3 element `out[1]`'s string `out[2]` is not a string, 4 pair `out[1]`'s
// strings alone pass `UNITS` (returned with the text; go on after it). `out[2]`: strings joined.
// No eval, no `Function`: ordinary code shipped in the extension (wasm-bindgen writes it to `snippets/`).
#[wasm_bindgen(inline_js = "
const UNITS = 65536;
function stop(out, status, i, n, value) {
  out[0] = status;
  out[1] = i;
  out[2] = n;
  return value;
}
export function gg_header_pairs(list, i, end, out) {
  const most = out.length - 3;
  let text = '';
  let n = 0;
  let units = 0;
  for (; i < end; i++) {
    if (n + 2 > most) return stop(out, 1, i, n, text);
    const pair = list[i];
    if (!Array.isArray(pair)) return stop(out, 2, i, n, [text, pair]);
    const a = pair[0];
    if (typeof a !== 'string') return stop(out, 3, i, 0, text);
    const b = pair[1];
    if (typeof b !== 'string') return stop(out, 3, i, 1, text);
    const total = units + a.length + b.length;
    if (total > UNITS) return stop(out, 4, i, n, [text, a, b]);
    units = total;
    out[3 + n] = a.length;
    out[4 + n] = b.length;
    n += 2;
    text = text + a + b;
  }
  return stop(out, 0, i, n, text);
}
")]
extern "C" {
    fn gg_header_pairs(list: &Array, from: u32, end: u32, out: &mut [u32]) -> JsValue;
}

/// A list of `[name, value]` pairs (response headers): the same value, and the same error, as
/// `Vec<(String, String)>::from_js`, each element read once and in the same order. An array of 4 or
/// more is walked by one JS function of ours (`gg_header_pairs`, one call instead of eight wasm-bindgen
/// calls a pair), which joins the strings of the pairs that are arrays; the joined text is encoded by one
/// `encodeInto` and cut at the lengths when it is ASCII, else cut in JS (`substring`) and copied string
/// by string. Elements that are no arrays are read in Rust as before, in their place.
pub struct Headers(pub Vec<(String, String)>);

impl FromJs for Headers {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let list = match value.dyn_ref::<Array>() {
            Some(list) if list.length() >= JOINED_FROM => list,
            _ => return Vec::from_js(value).map(Headers),
        };
        let end = list.length();
        let mut out = vec![0u32; 3 + 2 * (end as usize).min(JOINED_PAIRS)];
        let mut pairs = Vec::with_capacity((end as usize).min(JOINED_PAIRS));
        let mut from = 0;
        loop {
            let got = gg_header_pairs(list, from, end, &mut out);
            let word = |n: usize| out.get(n).copied().unwrap_or(0);
            let (status, at, n) = (word(0), word(1), word(2) as usize);
            if status == 3 {
                return Err(Bad::new("expected a string").at(Step::Index(word(2))).at(Step::Index(at)));
            }
            let lengths = out.get(3..3 + n).unwrap_or_default();
            let parts = got.dyn_ref::<Array>().filter(|_| status == 2 || status == 4);
            let text = match parts {
                Some(parts) => parts.get(0),
                None => got.clone(),
            };
            cut(text.unchecked_ref(), lengths, &mut pairs);
            match (status, parts) {
                (2, Some(parts)) => {
                    let element = parts.get(1);
                    let pair = <(String, String)>::from_js(&element).map_err(|e| e.at(Step::Index(at)))?;
                    pairs.push(pair);
                    from = at + 1;
                }
                (4, Some(parts)) => {
                    pairs.push((String::from_js(&parts.get(1))?, String::from_js(&parts.get(2))?));
                    from = at + 1;
                }
                (1, _) => from = at,
                _ => return Ok(Headers(pairs)),
            }
        }
    }
}

/// The strings joined in `text`, of `lengths` UTF-16 units each, as pairs. ASCII text (the usual) is
/// encoded by one `encodeInto` and cut in Rust (byte offsets are then unit offsets); other text is cut
/// in JS and each piece copied (so a lone surrogate at the end of one string and one at the start of the
/// next stay two U+FFFD, as when they crossed alone).
fn cut(text: &JsString, lengths: &[u32], pairs: &mut Vec<(String, String)>) {
    let units: usize = lengths.iter().map(|&n| n as usize).sum();
    let mut bytes = vec![0u8; units];
    let (read, written) = if units == 0 {
        (0, 0)
    } else {
        ENCODER.with(|encoder| {
            let done = encoder.encode_into(text, &mut bytes);
            (done.read() as usize, done.written() as usize)
        })
    };
    // A character other than ASCII takes 2 or more bytes: the buffer, one byte per unit, is then full
    // before every unit is read.
    let ascii = if read == units && written == units { String::from_utf8(bytes).ok() } else { None };
    let mut start = 0usize;
    let mut piece = |len: u32| {
        let end = start + len as usize;
        let s = match &ascii {
            Some(ascii) => ascii.get(start..end).unwrap_or_default().to_owned(),
            None => String::from(&text.substring(start as u32, end as u32)),
        };
        start = end;
        s
    };
    for pair in lengths.chunks_exact(2) {
        if let [name, value] = *pair {
            let name = piece(name);
            let value = piece(value);
            pairs.push((name, value));
        }
    }
}

/// The properties of one object, read as the fields of a struct.
pub struct Fields<'a>(&'a Obj);

impl<'a> Fields<'a> {
    /// `value` as a struct: any object, arrays included (serde-wasm-bindgen's rule).
    pub fn of(value: &'a JsValue) -> Result<Self, Bad> {
        if value.is_object() {
            Ok(Fields(value.unchecked_ref()))
        } else {
            Err(Bad::new("expected an object"))
        }
    }

    /// The property's value, `None` when the object has no such property.
    fn raw(&self, k: K) -> Option<JsValue> {
        let key = k.js();
        let value = self.0.get(key);
        if value.is_undefined() && !key.js_in(self.0) {
            None
        } else {
            Some(value)
        }
    }

    /// The field read as `T`, `None` when missing.
    pub fn get<T: FromJs>(&self, k: K) -> Result<Option<T>, Bad> {
        match self.raw(k) {
            None => Ok(None),
            Some(value) => T::from_js(&value).map(Some).map_err(|e| e.at(Step::Key(k))),
        }
    }

    /// A field that must be there.
    pub fn req<T: FromJs>(&self, k: K) -> Result<T, Bad> {
        self.get(k)?.ok_or_else(|| Bad::new("missing").at(Step::Key(k)))
    }

    /// An optional field: `None` when missing, null or undefined.
    pub fn opt<T: FromJs>(&self, k: K) -> Result<Option<T>, Bad> {
        Ok(self.get::<Option<T>>(k)?.flatten())
    }

    /// A field of a struct with defaults: `slot` keeps its default when the field is missing.
    pub fn set<T: FromJs>(&self, k: K, slot: &mut T) -> Result<(), Bad> {
        if let Some(value) = self.get(k)? {
            *slot = value;
        }
        Ok(())
    }

    /// An optional field whose default is `None`: the same value as [`Fields::set`] gives it, without
    /// asking whether a property that reads `undefined` is there (missing or `undefined`, it is `None`).
    pub fn opt_field<T: FromJs>(&self, k: K) -> Result<Option<T>, Bad> {
        Option::<T>::from_js(&self.0.get(k.js())).map_err(|e| e.at(Step::Key(k)))
    }

    /// Like [`Fields::opt_field`], for a string that may be long.
    pub fn long_text(&self, k: K) -> Result<Option<String>, Bad> {
        let value = self.0.get(k.js());
        if value.is_null_or_undefined() {
            return Ok(None);
        }
        long_string(&value).map(Some).map_err(|e| e.at(Step::Key(k)))
    }

    /// Whether the property is there (for a field with an alias: both spellings is an error).
    pub fn has(&self, k: K) -> bool {
        self.raw(k).is_some()
    }
}

/// A unit enum variant from its id: the string itself, or an object with that one key and a null
/// value (serde's externally tagged form). `other`: the variant an unknown id becomes, if any.
pub fn variant<E: Copy>(value: &JsValue, table: &[(E, K)], other: Option<E>) -> Result<E, Bad> {
    let id = variant_id(value)?;
    by_id(&id, table).or(other).ok_or_else(bad_id)
}

/// The id [`variant`] reads, whatever the enum: one copy of this code, not one per enum type.
#[inline(never)]
fn variant_id(value: &JsValue) -> Result<String, Bad> {
    match value.as_string() {
        Some(id) => Ok(id),
        None if value.is_object() => {
            let entries = js_sys::Object::entries(value.unchecked_ref());
            if entries.length() != 1 {
                return Err(bad_id());
            }
            let entry: Array = entries.get(0).unchecked_into();
            if !entry.get(1).is_null_or_undefined() {
                return Err(bad_id());
            }
            entry.get(0).as_string().ok_or_else(bad_id)
        }
        None => Err(bad_id()),
    }
}

fn bad_id() -> Bad {
    Bad::new("expected one of the ids of the spec")
}

/// The variant of `table` whose id is `id`.
pub fn by_id<E: Copy>(id: &str, table: &[(E, K)]) -> Option<E> {
    table.iter().find(|(_, k)| is_id(*k, id)).map(|(e, _)| *e)
}

/// Whether `k`'s name is `id` (not inlined into every enum's lookup).
#[inline(never)]
fn is_id(k: K, id: &str) -> bool {
    k.name() == id
}
