//! [`Args`]: the option values of one invocation, as a front end read them (Discord's
//! interaction options, the terminal's arguments) by the kinds the command declares.

/// One option's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Integer(i64),
    Flag(bool),
    /// A Discord user id.
    User(u64),
    /// The subcommand the option names was chosen, with these options of its own.
    Sub(Args),
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::Text(text)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Integer(n)
    }
}

impl From<bool> for Value {
    fn from(flag: bool) -> Self {
        Value::Flag(flag)
    }
}

/// Option values by name, in the order they were given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    values: Vec<(String, Value)>,
}

impl Args {
    /// Sets `name` to `value`, replacing an earlier value.
    pub fn set(&mut self, name: &str, value: Value) {
        match self.values.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name.to_owned(), value)),
        }
    }

    /// `self` with `name` set to `value`.
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.set(name, value.into());
        self
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// A text option's value.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn integer(&self, name: &str) -> Option<i64> {
        match self.get(name)? {
            Value::Integer(n) => Some(*n),
            _ => None,
        }
    }

    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            Value::Flag(flag) => Some(*flag),
            _ => None,
        }
    }

    pub fn user(&self, name: &str) -> Option<u64> {
        match self.get(name)? {
            Value::User(id) => Some(*id),
            _ => None,
        }
    }

    /// The subcommand chosen, by name, with its options.
    pub fn subcommand(&self) -> Option<(&str, &Args)> {
        self.values.iter().find_map(|(n, v)| match v {
            Value::Sub(args) => Some((n.as_str(), args)),
            _ => None,
        })
    }

    /// Every value given, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(n, v)| (n.as_str(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_by_their_kind() {
        let args = Args::default().with("question", "sql or nosql").with("page", 3).with("private", true);
        assert_eq!(args.text("question"), Some("sql or nosql"));
        assert_eq!(args.integer("page"), Some(3));
        assert_eq!(args.flag("private"), Some(true));
        assert_eq!(args.text("page"), None, "an integer is not text");
        assert_eq!(args.user("for"), None);
    }

    #[test]
    fn a_subcommand_carries_its_own_options() {
        let args = Args::default().with("edit", Value::Sub(Args::default().with("entry", "jobs")));
        let (name, options) = args.subcommand().expect("a subcommand");
        assert_eq!((name, options.text("entry")), ("edit", Some("jobs")));
        assert_eq!(Args::default().with("page", 1).subcommand(), None);
    }

    #[test]
    fn a_second_value_replaces_the_first() {
        let args = Args::default().with("page", 1).with("page", 2);
        assert_eq!(args.integer("page"), Some(2));
        assert_eq!(args.iter().count(), 1);
    }
}
