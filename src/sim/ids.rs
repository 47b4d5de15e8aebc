//! Identifiers in the shapes the real services use, drawn from the seeded generator.

use rand::Rng;

/// A version-4 UUID (`0476bfd0-0c3f-4dfb-b462-d75a4a6908e1`).
pub fn uuid(rng: &mut impl Rng) -> String {
    use std::fmt::Write;
    let mut b: [u8; 16] = rng.random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    // Written into one buffer: a page of a list generates a uuid per first message.
    let mut id = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        let _ = write!(id, "{x:02x}");
    }
    id
}

/// A Firestore-style id like the reference's customer ids (`9YQjOSTFXeOPF8xNURFd`).
pub fn alnum(rng: &mut impl Rng, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..len).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// A Slack id: a kind letter (`U` user, `C` channel, `T` team, `B` bot) and 10 more.
pub fn slack(rng: &mut impl Rng, kind: char) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::iter::once(kind).chain((0..10).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)).collect()
}

/// `ext-northwind-analytics` from `Northwind Analytics`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn shapes() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let id = uuid(&mut rng);
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_eq!(slack(&mut rng, 'U').len(), 11);
        assert_eq!(slug("Bergmann & Söhne GmbH"), "bergmann-s-hne-gmbh");
    }
}
