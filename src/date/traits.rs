//! Trait impls of [`FuzzyDate`]: formatting, parsing, equality, order, serde.

use super::*;

impl fmt::Debug for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FuzzyDate").field(&self.text).finish()
    }
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for FuzzyDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<FuzzyDate, DateError> {
        FuzzyDate::parse(s)
    }
}

impl PartialEq for FuzzyDate {
    fn eq(&self, other: &FuzzyDate) -> bool {
        self.text == other.text
    }
}

impl Eq for FuzzyDate {}

impl Hash for FuzzyDate {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl Ord for FuzzyDate {
    fn cmp(&self, other: &FuzzyDate) -> Ordering {
        // `Option`'s order already puts `None` first, as wanted for earliest.
        let latest = match (self.latest(), other.latest()) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) => a.cmp(&b),
        };
        self.earliest()
            .cmp(&other.earliest())
            .then(latest)
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl PartialOrd for FuzzyDate {
    fn partial_cmp(&self, other: &FuzzyDate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for FuzzyDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut st = serializer.serialize_struct("FuzzyDate", 3)?;
        st.serialize_field("edtf", &self.text)?;
        st.serialize_field("earliest", &self.earliest().map(iso))?;
        st.serialize_field("latest", &self.latest().map(iso))?;
        st.end()
    }
}

/// Accepts an EDTF string or an object with an `edtf` key.
pub(super) struct FuzzyDateVisitor;

impl<'de> Visitor<'de> for FuzzyDateVisitor {
    type Value = FuzzyDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{EXPECTED}, as a string or as an object with an \"edtf\" key"
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<FuzzyDate, E> {
        FuzzyDate::parse(v).map_err(E::custom)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<FuzzyDate, E> {
        self.visit_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<FuzzyDate, E> {
        self.visit_str(&v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<FuzzyDate, E> {
        match std::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(v), &self)),
        }
    }

    // The `csv` crate's `deserialize_any` hands a cell such as `2012` over as
    // a number. (A year below 1000 written with leading zeros, `0950`, thus
    // arrives as 950 and is rejected; such years do not occur in the data.)
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FuzzyDate, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FuzzyDate, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<FuzzyDate, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<FuzzyDate, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FuzzyDate, A::Error> {
        let mut edtf: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "edtf" {
                if edtf.is_some() {
                    return Err(de::Error::duplicate_field("edtf"));
                }
                edtf = Some(map.next_value::<String>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let edtf = edtf.ok_or_else(|| de::Error::missing_field("edtf"))?;
        self.visit_str(&edtf)
    }
}

impl<'de> Deserialize<'de> for FuzzyDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FuzzyDate, D::Error> {
        deserializer.deserialize_any(FuzzyDateVisitor)
    }
}
