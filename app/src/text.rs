//! Text people type as names and titles, shown to other people: one line, and nothing that
//! hides or reorders what is around it.

/// Characters that change the direction of the text around them (U+202A to U+202E, U+2066 to
/// U+2069): a name holding U+202E shows its end backwards, which can disguise what it says.
fn reorders(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Why `text` cannot be a name or title, if it cannot: control characters (NUL, line breaks,
/// escapes) or direction overrides.
pub fn refused_characters(text: &str) -> Option<&'static str> {
    if text.chars().any(char::is_control) {
        return Some("Remove the control characters (such as line breaks or NUL); a name is one line of ordinary text.");
    }
    if text.chars().any(reorders) {
        return Some("Remove the invisible characters that reverse or reorder the text around them.");
    }
    None
}

/// Spaces tidied: trimmed, runs of spaces made one.
pub fn tidy(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_direction_characters_are_refused_and_other_scripts_are_not() {
        assert!(refused_characters("Zed\0").is_some());
        assert!(refused_characters("Ana\u{202E}zepoL").is_some());
        assert!(refused_characters("Ana\u{2067}x").is_some());
        assert!(refused_characters("two\nlines").is_some());
        for fine in ["Ana María López", "محمد علي", "张伟", "O'Brien-Smith", "Zoë 👩🏽‍💻"] {
            assert_eq!(refused_characters(fine), None, "{fine}");
        }
        assert_eq!(tidy("  Ana   María "), "Ana María");
    }
}
