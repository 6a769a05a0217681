//! Unicode lower case, the same as std's `char::to_lowercase` and `str::to_lowercase` for every input,
//! from smaller tables. std keeps one `(char, char)` pair per mapped character (1,461
//! of them, 11.7 KB in wasm) plus the `Cased` and `Case_Ignorable` tables its final-sigma rule reads;
//! here the mappings are runs of characters that move by the same distance (184 runs), and the
//! final-sigma rule reads `char::is_lowercase`/`is_uppercase` (tables the form check links anyway), the
//! 31 title-case letters and the `Case_Ignorable` ranges.
//!
//! The tables are written by `regenerate_tables` (an ignored test) from std's own answers, and the tests
//! compare with std on every `char` (alone and next to `Σ`), so a toolchain with a newer Unicode fails
//! them until the tables are regenerated. Natively `lower_char` and `lower_str` are std's own (its ASCII path
//! is faster there, and size does not matter), so the tables serve WebAssembly and the tests only.
#![cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]

/// Characters whose lower case is one other character, as runs: `start | (count - 1) << 21 | stride2
/// << 28` (the run is `count` characters from `start`, every one or every other one) and the distance
/// to add. Sorted by start. ASCII and U+0130 (the only character lower-cased to two) are handled apart.
static LOWER_RUNS: &[(u32, i32)] = &[
    (0x02C000C0, 32),
    (0x00C000D8, 32),
    (0x12E00100, 1),
    (0x10400132, 1),
    (0x10E00139, 1),
    (0x12C0014A, 1),
    (0x00000178, -121),
    (0x10400179, 1),
    (0x00000181, 210),
    (0x10200182, 1),
    (0x00000186, 206),
    (0x00000187, 1),
    (0x00200189, 205),
    (0x0000018B, 1),
    (0x0000018E, 79),
    (0x0000018F, 202),
    (0x00000190, 203),
    (0x00000191, 1),
    (0x00000193, 205),
    (0x00000194, 207),
    (0x00000196, 211),
    (0x00000197, 209),
    (0x00000198, 1),
    (0x0000019C, 211),
    (0x0000019D, 213),
    (0x0000019F, 214),
    (0x104001A0, 1),
    (0x000001A6, 218),
    (0x000001A7, 1),
    (0x000001A9, 218),
    (0x000001AC, 1),
    (0x000001AE, 218),
    (0x000001AF, 1),
    (0x002001B1, 217),
    (0x102001B3, 1),
    (0x000001B7, 219),
    (0x000001B8, 1),
    (0x000001BC, 1),
    (0x000001C4, 2),
    (0x000001C5, 1),
    (0x000001C7, 2),
    (0x000001C8, 1),
    (0x000001CA, 2),
    (0x110001CB, 1),
    (0x110001DE, 1),
    (0x000001F1, 2),
    (0x102001F2, 1),
    (0x000001F6, -97),
    (0x000001F7, -56),
    (0x126001F8, 1),
    (0x00000220, -130),
    (0x11000222, 1),
    (0x0000023A, 10795),
    (0x0000023B, 1),
    (0x0000023D, -163),
    (0x0000023E, 10792),
    (0x00000241, 1),
    (0x00000243, -195),
    (0x00000244, 69),
    (0x00000245, 71),
    (0x10800246, 1),
    (0x10200370, 1),
    (0x00000376, 1),
    (0x0000037F, 116),
    (0x00000386, 38),
    (0x00400388, 37),
    (0x0000038C, 64),
    (0x0020038E, 63),
    (0x02000391, 32),
    (0x010003A3, 32),
    (0x000003CF, 8),
    (0x116003D8, 1),
    (0x000003F4, -60),
    (0x000003F7, 1),
    (0x000003F9, -7),
    (0x000003FA, 1),
    (0x004003FD, -130),
    (0x01E00400, 80),
    (0x03E00410, 32),
    (0x12000460, 1),
    (0x1340048A, 1),
    (0x000004C0, 15),
    (0x10C004C1, 1),
    (0x15E004D0, 1),
    (0x04A00531, 48),
    (0x04A010A0, 7264),
    (0x000010C7, 7264),
    (0x000010CD, 7264),
    (0x09E013A0, 38864),
    (0x00A013F0, 8),
    (0x00001C89, 1),
    (0x05401C90, -3008),
    (0x00401CBD, -3008),
    (0x19401E00, 1),
    (0x00001E9E, -7615),
    (0x15E01EA0, 1),
    (0x00E01F08, -8),
    (0x00A01F18, -8),
    (0x00E01F28, -8),
    (0x00E01F38, -8),
    (0x00A01F48, -8),
    (0x10601F59, -8),
    (0x00E01F68, -8),
    (0x00E01F88, -8),
    (0x00E01F98, -8),
    (0x00E01FA8, -8),
    (0x00201FB8, -8),
    (0x00201FBA, -74),
    (0x00001FBC, -9),
    (0x00601FC8, -86),
    (0x00001FCC, -9),
    (0x00201FD8, -8),
    (0x00201FDA, -100),
    (0x00201FE8, -8),
    (0x00201FEA, -112),
    (0x00001FEC, -7),
    (0x00201FF8, -128),
    (0x00201FFA, -126),
    (0x00001FFC, -9),
    (0x00002126, -7517),
    (0x0000212A, -8383),
    (0x0000212B, -8262),
    (0x00002132, 28),
    (0x01E02160, 16),
    (0x00002183, 1),
    (0x032024B6, 26),
    (0x05E02C00, 48),
    (0x00002C60, 1),
    (0x00002C62, -10743),
    (0x00002C63, -3814),
    (0x00002C64, -10727),
    (0x10402C67, 1),
    (0x00002C6D, -10780),
    (0x00002C6E, -10749),
    (0x00002C6F, -10783),
    (0x00002C70, -10782),
    (0x00002C72, 1),
    (0x00002C75, 1),
    (0x00202C7E, -10815),
    (0x16202C80, 1),
    (0x10202CEB, 1),
    (0x00002CF2, 1),
    (0x12C0A640, 1),
    (0x11A0A680, 1),
    (0x10C0A722, 1),
    (0x13C0A732, 1),
    (0x1020A779, 1),
    (0x0000A77D, -35332),
    (0x1080A77E, 1),
    (0x0000A78B, 1),
    (0x0000A78D, -42280),
    (0x1020A790, 1),
    (0x1120A796, 1),
    (0x0000A7AA, -42308),
    (0x0000A7AB, -42319),
    (0x0000A7AC, -42315),
    (0x0000A7AD, -42305),
    (0x0000A7AE, -42308),
    (0x0000A7B0, -42258),
    (0x0000A7B1, -42282),
    (0x0000A7B2, -42261),
    (0x0000A7B3, 928),
    (0x10E0A7B4, 1),
    (0x0000A7C4, -48),
    (0x0000A7C5, -42307),
    (0x0000A7C6, -35384),
    (0x1020A7C7, 1),
    (0x0000A7CB, -42343),
    (0x10E0A7CC, 1),
    (0x0000A7DC, -42561),
    (0x0000A7F5, 1),
    (0x0320FF21, 32),
    (0x04E10400, 40),
    (0x046104B0, 40),
    (0x01410570, 39),
    (0x01C1057C, 39),
    (0x00C1058C, 39),
    (0x00210594, 39),
    (0x06410C80, 64),
    (0x02A10D50, 32),
    (0x03E118A0, 32),
    (0x03E16E40, 32),
    (0x03016EA0, 27),
    (0x0421E900, 34),
];

/// General category Lt (title-case letters): `Cased` besides the lower- and upper-case letters.
static TITLECASE: &[u32] = &[
    0x01C5, 0x01C8, 0x01CB, 0x01F2, 0x1F88, 0x1F89, 0x1F8A, 0x1F8B, 0x1F8C, 0x1F8D, 0x1F8E, 0x1F8F, 0x1F98,
    0x1F99, 0x1F9A, 0x1F9B, 0x1F9C, 0x1F9D, 0x1F9E, 0x1F9F, 0x1FA8, 0x1FA9, 0x1FAA, 0x1FAB, 0x1FAC, 0x1FAD,
    0x1FAE, 0x1FAF, 0x1FBC, 0x1FCC, 0x1FFC,
];

/// `Case_Ignorable` as ranges, `start | (length - 1) << 21`, sorted. Only a capital sigma reads it.
static CASE_IGNORABLE: &[u32] = &[
    0x00000027, 0x0000002E, 0x0000003A, 0x0000005E, 0x00000060, 0x000000A8, 0x000000AD, 0x000000AF,
    0x000000B4, 0x002000B7, 0x17E002B0, 0x00200374, 0x0000037A, 0x00200384, 0x00000387, 0x00C00483,
    0x00000559, 0x0000055F, 0x05800591, 0x000005BF, 0x002005C1, 0x002005C4, 0x000005C7, 0x000005F4,
    0x00A00600, 0x01400610, 0x0000061C, 0x00000640, 0x0280064B, 0x00000670, 0x00E006D6, 0x012006DF,
    0x006006EA, 0x0000070F, 0x00000711, 0x03400730, 0x014007A6, 0x014007EB, 0x000007FA, 0x000007FD,
    0x02E00816, 0x00400859, 0x00000888, 0x00200890, 0x01000897, 0x072008C9, 0x0000093A, 0x0000093C,
    0x00E00941, 0x0000094D, 0x00C00951, 0x00200962, 0x00000971, 0x00000981, 0x000009BC, 0x006009C1,
    0x000009CD, 0x002009E2, 0x000009FE, 0x00200A01, 0x00000A3C, 0x00200A41, 0x00200A47, 0x00400A4B,
    0x00000A51, 0x00200A70, 0x00000A75, 0x00200A81, 0x00000ABC, 0x00800AC1, 0x00200AC7, 0x00000ACD,
    0x00200AE2, 0x00A00AFA, 0x00000B01, 0x00000B3C, 0x00000B3F, 0x00600B41, 0x00000B4D, 0x00200B55,
    0x00200B62, 0x00000B82, 0x00000BC0, 0x00000BCD, 0x00000C00, 0x00000C04, 0x00000C3C, 0x00400C3E,
    0x00400C46, 0x00600C4A, 0x00200C55, 0x00200C62, 0x00000C81, 0x00000CBC, 0x00000CBF, 0x00000CC6,
    0x00200CCC, 0x00200CE2, 0x00200D00, 0x00200D3B, 0x00600D41, 0x00000D4D, 0x00200D62, 0x00000D81,
    0x00000DCA, 0x00400DD2, 0x00000DD6, 0x00000E31, 0x00C00E34, 0x01000E46, 0x00000EB1, 0x01000EB4,
    0x00000EC6, 0x00C00EC8, 0x00200F18, 0x00000F35, 0x00000F37, 0x00000F39, 0x01A00F71, 0x00800F80,
    0x00200F86, 0x01400F8D, 0x04600F99, 0x00000FC6, 0x0060102D, 0x00A01032, 0x00201039, 0x0020103D,
    0x00201058, 0x0040105E, 0x00601071, 0x00001082, 0x00201085, 0x0000108D, 0x0000109D, 0x000010FC,
    0x0040135D, 0x00401712, 0x00201732, 0x00201752, 0x00201772, 0x002017B4, 0x00C017B7, 0x000017C6,
    0x014017C9, 0x000017D7, 0x000017DD, 0x0080180B, 0x00001843, 0x00201885, 0x000018A9, 0x00401920,
    0x00201927, 0x00001932, 0x00401939, 0x00201A17, 0x00001A1B, 0x00001A56, 0x00C01A58, 0x00001A60,
    0x00001A62, 0x00E01A65, 0x01201A73, 0x00001A7F, 0x00001AA7, 0x05A01AB0, 0x01601AE0, 0x00601B00,
    0x00001B34, 0x00801B36, 0x00001B3C, 0x00001B42, 0x01001B6B, 0x00201B80, 0x00601BA2, 0x00201BA8,
    0x00401BAB, 0x00001BE6, 0x00201BE8, 0x00001BED, 0x00401BEF, 0x00E01C2C, 0x00201C36, 0x00A01C78,
    0x00401CD0, 0x01801CD4, 0x00C01CE2, 0x00001CED, 0x00001CF4, 0x00201CF8, 0x07C01D2C, 0x00001D78,
    0x0C801D9B, 0x00001FBD, 0x00401FBF, 0x00401FCD, 0x00401FDD, 0x00401FED, 0x00201FFD, 0x0080200B,
    0x00202018, 0x00002024, 0x00002027, 0x0080202A, 0x00802060, 0x01202066, 0x00002071, 0x0000207F,
    0x01802090, 0x040020D0, 0x00202C7C, 0x00402CEF, 0x00002D6F, 0x00002D7F, 0x03E02DE0, 0x00002E2F,
    0x00003005, 0x0060302A, 0x00803031, 0x0000303B, 0x00A03099, 0x004030FC, 0x0000A015, 0x00A0A4F8,
    0x0000A60C, 0x0060A66F, 0x0120A674, 0x0000A67F, 0x0060A69C, 0x0020A6F0, 0x0420A700, 0x0000A770,
    0x0040A788, 0x0060A7F1, 0x0020A7F8, 0x0000A802, 0x0000A806, 0x0000A80B, 0x0020A825, 0x0000A82C,
    0x0020A8C4, 0x0220A8E0, 0x0000A8FF, 0x00E0A926, 0x0140A947, 0x0040A980, 0x0000A9B3, 0x0060A9B6,
    0x0020A9BC, 0x0000A9CF, 0x0020A9E5, 0x00A0AA29, 0x0020AA31, 0x0020AA35, 0x0000AA43, 0x0000AA4C,
    0x0000AA70, 0x0000AA7C, 0x0000AAB0, 0x0040AAB2, 0x0020AAB7, 0x0020AABE, 0x0000AAC1, 0x0000AADD,
    0x0020AAEC, 0x0020AAF3, 0x0000AAF6, 0x0080AB5B, 0x0040AB69, 0x0000ABE5, 0x0000ABE8, 0x0000ABED,
    0x0000FB1E, 0x0200FBB2, 0x01E0FE00, 0x0000FE13, 0x01E0FE20, 0x0000FE52, 0x0000FE55, 0x0000FEFF,
    0x0000FF07, 0x0000FF0E, 0x0000FF1A, 0x0000FF3E, 0x0000FF40, 0x0000FF70, 0x0020FF9E, 0x0000FFE3,
    0x0040FFF9, 0x000101FD, 0x000102E0, 0x00810376, 0x00A10780, 0x05210787, 0x010107B2, 0x00410A01,
    0x00210A05, 0x00610A0C, 0x00410A38, 0x00010A3F, 0x00210AE5, 0x00610D24, 0x00010D4E, 0x00810D69,
    0x00010D6F, 0x00210EAB, 0x00010EC5, 0x00A10EFA, 0x01410F46, 0x00610F82, 0x00011001, 0x01C11038,
    0x00011070, 0x00211073, 0x0041107F, 0x006110B3, 0x002110B9, 0x000110BD, 0x000110C2, 0x000110CD,
    0x00411100, 0x00811127, 0x00E1112D, 0x00011173, 0x00211180, 0x010111B6, 0x006111C9, 0x000111CF,
    0x0041122F, 0x00011234, 0x00211236, 0x0001123E, 0x00011241, 0x000112DF, 0x00E112E3, 0x00211300,
    0x0021133B, 0x00011340, 0x00C11366, 0x00811370, 0x00A113BB, 0x000113CE, 0x000113D0, 0x000113D2,
    0x002113E1, 0x00E11438, 0x00411442, 0x00011446, 0x0001145E, 0x00A114B3, 0x000114BA, 0x002114BF,
    0x002114C2, 0x006115B2, 0x002115BC, 0x002115BF, 0x002115DC, 0x00E11633, 0x0001163D, 0x0021163F,
    0x000116AB, 0x000116AD, 0x00A116B0, 0x000116B7, 0x0001171D, 0x0001171F, 0x00611722, 0x00811727,
    0x0101182F, 0x00211839, 0x0021193B, 0x0001193E, 0x00011943, 0x006119D4, 0x002119DA, 0x000119E0,
    0x01211A01, 0x00A11A33, 0x00611A3B, 0x00011A47, 0x00A11A51, 0x00411A59, 0x01811A8A, 0x00211A98,
    0x00011B60, 0x00411B62, 0x00011B66, 0x00C11C30, 0x00A11C38, 0x00011C3F, 0x02A11C92, 0x00C11CAA,
    0x00211CB2, 0x00211CB5, 0x00A11D31, 0x00011D3A, 0x00211D3C, 0x00C11D3F, 0x00011D47, 0x00211D90,
    0x00011D95, 0x00011D97, 0x00011DD9, 0x00211EF3, 0x00211F00, 0x00811F36, 0x00011F40, 0x00011F42,
    0x00011F5A, 0x02013430, 0x01C13447, 0x0161611E, 0x0041612D, 0x00816AF0, 0x00C16B30, 0x00616B40,
    0x00416D40, 0x00216D6B, 0x00016F4F, 0x02016F8F, 0x00216FE0, 0x00216FE3, 0x00216FF2, 0x0061AFF0,
    0x00C1AFF5, 0x0021AFFD, 0x0021BC9D, 0x0061BCA0, 0x05A1CF00, 0x02C1CF30, 0x0041D167, 0x01E1D173,
    0x00C1D185, 0x0061D1AA, 0x0041D242, 0x06C1DA00, 0x0621DA3B, 0x0001DA75, 0x0001DA84, 0x0081DA9B,
    0x01C1DAA1, 0x00C1E000, 0x0201E008, 0x00C1E01B, 0x0021E023, 0x0081E026, 0x07A1E030, 0x0001E08F,
    0x01A1E130, 0x0001E2AE, 0x0061E2EC, 0x0081E4EB, 0x0021E5EE, 0x0001E6E3, 0x0001E6E6, 0x0021E6EE,
    0x0001E6F5, 0x0001E6FF, 0x00C1E8D0, 0x00E1E944, 0x0081F3FB, 0x000E0001, 0x0BEE0020, 0x1DEE0100,
];

/// The lower case of `c`, as `char::to_lowercase` yields it: one character, or for U+0130 two. Natively
/// std's own; in WebAssembly [`lower_char_by_tables`].
pub(crate) fn lower_char(c: char) -> impl Iterator<Item = char> {
    #[cfg(target_arch = "wasm32")]
    {
        lower_char_by_tables(c)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        c.to_lowercase()
    }
}

/// [`lower_char`] from this module's tables.
pub(crate) fn lower_char_by_tables(c: char) -> impl Iterator<Item = char> {
    let (first, second) = if c == '\u{130}' { ('i', Some('\u{307}')) } else { (lower_one(c), None) };
    std::iter::once(first).chain(second)
}

/// The one-character lower case of any `c` but U+0130.
fn lower_one(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let code = u32::from(c);
    let after = LOWER_RUNS.partition_point(|&(run, _)| run & 0x1F_FFFF <= code);
    let Some(&(run, delta)) = after.checked_sub(1).and_then(|i| LOWER_RUNS.get(i)) else {
        return c;
    };
    let offset = code - (run & 0x1F_FFFF);
    let stride = if run >> 28 & 1 == 1 { 2 } else { 1 };
    if offset % stride != 0 || offset / stride > (run >> 21 & 0x7F) {
        return c;
    }
    code.checked_add_signed(delta).and_then(char::from_u32).unwrap_or(c)
}

/// `s` in lower case, as `str::to_lowercase` makes it (a capital sigma ending a word becomes `ς`).
/// Natively std's own, whose ASCII path converts while it checks (its tables cost nothing that matters
/// there); in WebAssembly [`lower_str_by_tables`].
pub(crate) fn lower_str(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        lower_str_by_tables(s)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.to_lowercase()
    }
}

/// [`lower_str`] from this module's tables.
pub(crate) fn lower_str_by_tables(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == 'Σ' {
            out.push(if final_sigma(s, i) { 'ς' } else { 'σ' });
        } else {
            out.extend(lower_char_by_tables(c));
        }
    }
    out
}

/// Unicode's `Final_Sigma` condition for the `Σ` at byte `i` of `s`: a cased letter before it and none
/// after it, case-ignorable characters (marks, apostrophes, ...) skipped on both sides.
fn final_sigma(s: &str, i: usize) -> bool {
    let before = s.get(..i).unwrap_or("");
    let after = s.get(i + 'Σ'.len_utf8()..).unwrap_or("");
    ignorable_then_cased(before.chars().rev()) && !ignorable_then_cased(after.chars())
}

/// Whether the first character that is not case-ignorable is cased.
fn ignorable_then_cased(mut chars: impl Iterator<Item = char>) -> bool {
    chars.find(|&c| !case_ignorable(c)).is_some_and(|c| {
        c.is_lowercase() || c.is_uppercase() || TITLECASE.binary_search(&u32::from(c)).is_ok()
    })
}

fn case_ignorable(c: char) -> bool {
    let code = u32::from(c);
    let after = CASE_IGNORABLE.partition_point(|&range| range & 0x1F_FFFF <= code);
    after
        .checked_sub(1)
        .and_then(|i| CASE_IGNORABLE.get(i))
        .is_some_and(|&range| code - (range & 0x1F_FFFF) <= range >> 21)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars() -> impl Iterator<Item = char> {
        (0..=0x10_FFFF).filter_map(char::from_u32)
    }

    #[test]
    fn every_char_lower_cases_as_std_does() {
        for c in chars() {
            assert!(lower_char_by_tables(c).eq(c.to_lowercase()), "U+{:04X}", u32::from(c));
        }
    }

    /// Before a `Σ` (is the character cased, or skipped?), between a cased letter and a `Σ`, and after
    /// one: for every character, the final-sigma rule answers as std's.
    #[test]
    fn every_char_next_to_a_sigma_as_std() {
        let mut s = String::new();
        for c in chars() {
            for (pre, post) in [("", "Σ"), ("a", "Σ"), ("aΣ", ""), ("Σ", ""), ("aΣ\u{301}", "")] {
                s.clear();
                s.push_str(pre);
                s.push(c);
                s.push_str(post);
                assert_eq!(lower_str_by_tables(&s), s.to_lowercase(), "{s:?}");
            }
        }
    }

    #[test]
    fn words_as_std() {
        for s in [
            "",
            "ΣΑΣ",
            "ΌΣΟΣ ΣΊΣΥΦΟΣ.",
            "Σ",
            "aΣ",
            "a\u{301}Σ\u{301}",
            "abcdefghijklmnopqrstuvwxyzΣ",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ÉΣ",
            "İSTANBUL",
            "ǅΣ ǅ'Σ'",
            "Straße ẞ ΩK Å",
            "ПРИВЕТ, МИР",
            "\u{10400}\u{1E900}Σ",
        ] {
            assert_eq!(lower_str_by_tables(s), s.to_lowercase(), "{s:?}");
        }
    }

    proptest::proptest! {
        /// Random strings over letters of cased and uncased scripts, marks, apostrophes, spaces and sigmas.
        #[test]
        fn strings_as_std(v in proptest::collection::vec(proptest::sample::select(vec![
            'a', 'Z', ' ', '.', '\'', '’', '\u{301}', '\u{345}', '\u{2b0}', 'Σ', 'σ', 'ς', 'Α', 'ǅ', 'İ', 'ẞ',
            'Ж', 'я', '中', 'ア', '\u{200d}', '\u{ad}', '0', '\u{10400}', '\u{1f88}', 'ⓐ', 'Ⓐ', '\u{e000}',
        ]), 0..24)) {
            let s: String = v.into_iter().collect();
            proptest::prop_assert_eq!(lower_str_by_tables(&s), s.to_lowercase());
        }
    }

    /// Prints the three tables from std's answers: `cargo test -p gateway-guard-core --lib
    /// lower::tests::regenerate_tables -- --ignored --nocapture`, then paste them above.
    #[test]
    #[ignore]
    fn regenerate_tables() {
        let single = |c: char| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(a), None) => a,
                _ => c,
            }
        };
        let delta = |c: u32| i64::from(u32::from(single(char::from_u32(c).unwrap()))) - i64::from(c);
        let same = |c: u32| char::from_u32(c).is_none_or(|ch| single(ch) == ch);
        let mapped: Vec<u32> = chars().filter(|&c| !c.is_ascii() && single(c) != c).map(u32::from).collect();
        println!("    // tables: lower runs");
        let mut i = 0;
        while let Some(&start) = mapped.get(i) {
            let d = delta(start);
            let next = mapped.get(i + 1).copied();
            let stride =
                if next == Some(start + 2) && same(start + 1) && delta(start + 2) == d { 2 } else { 1 };
            let mut n = 1;
            while n < 128 {
                let Some(&c) = mapped.get(i + n) else { break };
                let want = start + stride * u32::try_from(n).unwrap();
                if c != want || delta(c) != d || (stride == 2 && !same(want - 1)) {
                    break;
                }
                n += 1;
            }
            let code = start | (u32::try_from(n - 1).unwrap() << 21) | (u32::from(stride == 2) << 28);
            println!("    (0x{code:08X}, {d}),");
            i += n;
        }
        // A character is cased and not ignorable when "cΣ" ends in a final sigma; ignorable (or cased)
        // when "acΣ" does. Title-case letters are the cased ones std calls neither lower nor upper case.
        let fin = |s: String| s.to_lowercase().ends_with('ς');
        let mut ignorable = Vec::new();
        let mut titlecase = Vec::new();
        for c in chars() {
            let cased_not_ignorable = fin(format!("{c}Σ"));
            ignorable.push(fin(format!("a{c}Σ")) && !cased_not_ignorable);
            if cased_not_ignorable && !c.is_lowercase() && !c.is_uppercase() {
                titlecase.push(format!("0x{:04X}", u32::from(c)));
            }
        }
        println!("    // tables: titlecase");
        for line in titlecase.chunks(13) {
            println!("    {},", line.join(", "));
        }
        println!("    // tables: case ignorable");
        let codes: Vec<u32> = chars().map(u32::from).collect();
        let mut ranges: Vec<u32> = Vec::new();
        let mut c = 0;
        while c < codes.len() {
            if !ignorable[c] {
                c += 1;
                continue;
            }
            // Ranges of consecutive code points (never across the surrogates), at most 2,048 long.
            let start = codes[c];
            let mut len = 0;
            while c < codes.len() && ignorable[c] && codes[c] == start + len && len < 2048 {
                len += 1;
                c += 1;
            }
            ranges.push(start | ((len - 1) << 21));
        }
        for line in ranges.chunks(8) {
            let items: Vec<String> = line.iter().map(|r| format!("0x{r:08X}")).collect();
            println!("    {},", items.join(", "));
        }
    }
}
