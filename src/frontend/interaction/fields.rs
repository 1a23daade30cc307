//! The fields of an interaction payload that the bot reads, taken from JSON text or from a
//! [`Value`] by the same code, so that both give the same interaction. Each field is read as
//! leniently as `Value::get` and `Value::as_*` would read it: one of an unexpected type counts
//! as absent, never as an error. Everything else in the payload is skipped without being
//! stored, which is what makes reading the body of an HTTP request cheap.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The `visit_*` methods of a visitor for the values it does not want: each gives `$value`.
macro_rules! other_values {
    ($value:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }

        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

/// What the bot reads of an interaction.
#[derive(Debug, Default)]
pub(super) struct Fields {
    /// `type`.
    pub kind: Option<u64>,
    pub id: Option<u64>,
    pub application_id: Option<u64>,
    pub token: Option<String>,
    pub member: Member,
    /// `user.id` (interactions outside a server).
    pub user: Option<u64>,
    pub guild_id: Option<u64>,
    /// `data`, of whatever type: present is not the same as readable.
    pub data: Option<Data>,
}

/// `member`: who invoked the interaction in a server.
#[derive(Debug, Default)]
pub(super) struct Member {
    /// `member.user.id`.
    pub user: Option<u64>,
    /// `member.permissions`, the invoker's resolved permissions.
    pub permissions: Option<u64>,
}

/// `data`: the command or component.
#[derive(Debug, Default)]
pub(super) struct Data {
    pub name: Option<String>,
    pub custom_id: Option<String>,
    /// `options`, when it is a list.
    pub options: Option<Vec<Opt>>,
}

/// One entry of `data.options`; an entry that is not an object has no fields.
#[derive(Debug, Default)]
pub(super) struct Opt {
    pub name: Option<String>,
    pub value: Option<Value>,
    pub focused: Option<bool>,
}

impl Fields {
    /// Reads a payload from JSON text; only text that is not JSON at all is an error.
    pub fn from_slice(json: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice::<Lenient<Fields>>(json).map(|fields| fields.0)
    }

    /// Reads a payload already parsed into a JSON value.
    pub fn from_value(value: &Value) -> Self {
        // A `&Value` deserialises without errors here: every type is accepted everywhere.
        Lenient::<Fields>::deserialize(value).map_or_else(|_| Fields::default(), |fields| fields.0)
    }
}

/// An object read field by field, each key handed to [`Object::field`].
trait Object: Default {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

impl Object for Fields {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "type" => self.kind = map.next_value::<Scalar>()?.as_u64(),
            "id" => self.id = map.next_value::<Scalar>()?.snowflake(),
            "application_id" => self.application_id = map.next_value::<Scalar>()?.snowflake(),
            "token" => self.token = map.next_value::<Scalar>()?.into_string(),
            "member" => self.member = map.next_value::<Lenient<Member>>()?.0,
            "user" => self.user = map.next_value::<Lenient<User>>()?.0.id,
            "guild_id" => self.guild_id = map.next_value::<Scalar>()?.snowflake(),
            "data" => self.data = Some(map.next_value::<Lenient<Data>>()?.0),
            _ => _ = map.next_value::<IgnoredAny>()?,
        }
        Ok(())
    }
}

impl Object for Member {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "user" => self.user = map.next_value::<Lenient<User>>()?.0.id,
            "permissions" => self.permissions = map.next_value::<Scalar>()?.snowflake(),
            _ => _ = map.next_value::<IgnoredAny>()?,
        }
        Ok(())
    }
}

/// A `user` object, of which only the id is read.
#[derive(Debug, Default)]
struct User {
    id: Option<u64>,
}

impl Object for User {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "id" => self.id = map.next_value::<Scalar>()?.snowflake(),
            _ => _ = map.next_value::<IgnoredAny>()?,
        }
        Ok(())
    }
}

impl Object for Data {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "name" => self.name = map.next_value::<Scalar>()?.into_string(),
            "custom_id" => self.custom_id = map.next_value::<Scalar>()?.into_string(),
            "options" => self.options = map.next_value::<List<Opt>>()?.0,
            _ => _ = map.next_value::<IgnoredAny>()?,
        }
        Ok(())
    }
}

impl Object for Opt {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "name" => self.name = map.next_value::<Scalar>()?.into_string(),
            "value" => self.value = Some(map.next_value::<Value>()?),
            "focused" => self.focused = map.next_value::<Scalar>()?.as_bool(),
            _ => _ = map.next_value::<IgnoredAny>()?,
        }
        Ok(())
    }
}

/// An object of type `T` if the value is one, else `T::default()`. A repeated key counts
/// once, the last time, as in a [`Value`].
struct Lenient<T>(T);

impl<'de, T: Object> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ObjectVisitor(PhantomData))
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = Lenient<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = T::default();
        while let Some(Key(key)) = map.next_key()? {
            object.field(&key, &mut map)?;
        }
        Ok(Lenient(object))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        IgnoredAny.visit_seq(seq)?;
        Ok(Lenient(T::default()))
    }

    other_values!(Lenient(T::default()));
}

/// A list of `T` objects if the value is a list, else `None`.
struct List<T>(Option<Vec<T>>);

impl<'de, T: Object> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(32));
        while let Some(Lenient(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(List(Some(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        IgnoredAny.visit_map(map)?;
        Ok(List(None))
    }

    other_values!(List(None));
}

/// An object key, borrowed from the text unless it holds escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A field's value when a single value is wanted: a string, a number or a boolean, and
/// `Other` for anything else (read through and dropped).
#[derive(Debug, PartialEq)]
enum Scalar<'de> {
    Str(Cow<'de, str>),
    /// A number that `Value::as_u64` reads.
    Unsigned(u64),
    Bool(bool),
    Other,
}

impl Scalar<'_> {
    /// As `Value::as_u64`.
    fn as_u64(&self) -> Option<u64> {
        match *self {
            Scalar::Unsigned(n) => Some(n),
            _ => None,
        }
    }

    /// A Discord id: a string of digits, or a number.
    fn snowflake(&self) -> Option<u64> {
        match self {
            Scalar::Str(s) => s.parse().ok(),
            _ => self.as_u64(),
        }
    }

    /// As `Value::as_str`.
    fn into_string(self) -> Option<String> {
        match self {
            Scalar::Str(s) => Some(s.into_owned()),
            _ => None,
        }
    }

    /// As `Value::as_bool`.
    fn as_bool(&self) -> Option<bool> {
        match *self {
            Scalar::Bool(b) => Some(b),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(s)))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Scalar::Unsigned(n))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(u64::try_from(n).map_or(Scalar::Other, Scalar::Unsigned))
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(b))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        IgnoredAny.visit_seq(seq)?;
        Ok(Scalar::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        IgnoredAny.visit_map(map)?;
        Ok(Scalar::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn leaf() -> BoxedStrategy<Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            (-3i64..6).prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e3f64..1e3).prop_map(Value::from),
            prop_oneof![Just("ask"), Just("42"), Just(" 7"), Just("-1"), Just("x\"y"), Just("sql or nosql")]
                .prop_map(Value::from),
        ]
        .boxed()
    }

    /// Any JSON, with the keys the bot reads at any depth.
    fn any_json() -> BoxedStrategy<Value> {
        const KEYS: [&str; 8] = ["type", "id", "user", "data", "name", "options", "value", "other"];
        leaf()
            .prop_recursive(3, 24, 4, |inner| {
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                    proptest::collection::vec((proptest::sample::select(&KEYS[..]), inner), 0..4)
                        .prop_map(|fields| Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
                ]
            })
            .boxed()
    }

    /// Mostly what is expected, sometimes anything at all.
    fn or_any(expected: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
        prop_oneof![4 => expected, 1 => any_json()].boxed()
    }

    /// An object with each of these fields, or without it.
    fn object(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
        let fields: Vec<_> = fields
            .into_iter()
            .map(|(key, value)| proptest::option::weighted(0.75, or_any(value)).prop_map(move |v| (key, v)))
            .collect();
        fields
            .prop_map(|fields| {
                Value::Object(fields.into_iter().filter_map(|(k, v)| Some((k.to_owned(), v?))).collect())
            })
            .boxed()
    }

    /// Payloads shaped like interactions, with values of every type where the bot reads one.
    fn payloads() -> BoxedStrategy<Value> {
        let user = || object(vec![("id", leaf())]);
        let option = object(vec![("name", leaf()), ("value", leaf()), ("focused", leaf())]);
        let options = proptest::collection::vec(or_any(option), 0..4).prop_map(Value::from).boxed();
        let data = object(vec![("name", leaf()), ("custom_id", leaf()), ("options", options), ("other", any_json())]);
        let member = object(vec![("user", user()), ("permissions", leaf()), ("other", any_json())]);
        let payload = object(vec![
            ("type", leaf()),
            ("id", leaf()),
            ("application_id", leaf()),
            ("token", leaf()),
            ("member", member),
            ("user", user()),
            ("guild_id", leaf()),
            ("data", data),
            ("other", any_json()),
        ]);
        prop_oneof![4 => payload, 1 => any_json()].boxed()
    }

    /// A Discord id as the bot accepts it.
    fn snowflake(value: Option<&Value>) -> Option<u64> {
        match value? {
            Value::String(s) => s.parse().ok(),
            other => other.as_u64(),
        }
    }

    type Read = (
        (Option<u64>, Option<u64>, Option<u64>, Option<String>),
        (Option<u64>, Option<u64>, Option<u64>, Option<u64>),
        (bool, Option<String>, Option<String>),
        Option<Vec<(Option<String>, Option<Value>, Option<bool>)>>,
    );

    /// What `Value`'s own accessors find in a payload: the meaning [`Fields`] keeps.
    fn by_accessors(v: &Value) -> Read {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        let options = v.pointer("/data/options").and_then(Value::as_array).map(|list| {
            list.iter()
                .map(|o| (text(o.get("name")), o.get("value").cloned(), o.get("focused").and_then(Value::as_bool)))
                .collect()
        });
        (
            (
                v.get("type").and_then(Value::as_u64),
                snowflake(v.get("id")),
                snowflake(v.get("application_id")),
                text(v.get("token")),
            ),
            (
                snowflake(v.pointer("/member/user/id")),
                snowflake(v.pointer("/member/permissions")),
                snowflake(v.pointer("/user/id")),
                snowflake(v.get("guild_id")),
            ),
            (v.get("data").is_some(), text(v.pointer("/data/name")), text(v.pointer("/data/custom_id"))),
            options,
        )
    }

    fn read(f: Fields) -> Read {
        let data = f.data.as_ref();
        let options = data
            .and_then(|d| d.options.as_ref())
            .map(|list| list.iter().map(|o| (o.name.clone(), o.value.clone(), o.focused)).collect());
        (
            (f.kind, f.id, f.application_id, f.token.clone()),
            (f.member.user, f.member.permissions, f.user, f.guild_id),
            (data.is_some(), data.and_then(|d| d.name.clone()), data.and_then(|d| d.custom_id.clone())),
            options,
        )
    }

    proptest! {
        /// Read from JSON text (the HTTP endpoint) or from a `Value` (the gateway), a payload
        /// gives what `Value::get`, `Value::pointer` and `Value::as_*` find in it.
        #[test]
        fn fields_are_read_as_value_accessors_read_them(payload in payloads()) {
            prop_assert_eq!(read(Fields::from_value(&payload)), by_accessors(&payload), "{}", payload);
            // As text, compared with the `Value` parsed from the same text (its floats may differ
            // from the generated ones in the last digit).
            let text = serde_json::to_vec(&payload).unwrap();
            let parsed: Value = serde_json::from_slice(&text).unwrap();
            prop_assert_eq!(read(Fields::from_slice(&text).unwrap()), by_accessors(&parsed), "{}", payload);
        }
    }

    #[test]
    fn a_repeated_key_counts_the_last_time() {
        let text = br#"{"type": 2, "member": {"user": {"id": "1"}}, "member": {"permissions": "8"}, "type": 3}"#;
        let fields = Fields::from_slice(text).unwrap();
        assert_eq!((fields.kind, fields.member.user, fields.member.permissions), (Some(3), None, Some(8)));
    }
}
