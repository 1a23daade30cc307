//! The one reply model every front end serialises: embeds, buttons, flags and mentions.
//!
//! - [`limits`]: Discord's size limits and the check that a reply keeps them.
//! - [`neutralise`]: making user text safe to echo (markdown, mentions, length).
//! - [`text`]: the bot's own wording and colours.

pub mod limits;
pub mod neutralise;
pub mod text;

/// What the bot answers with. Mentions are always disabled, except the one user a reply is
/// explicitly pointed at (`/ask for:@user`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reply {
    /// Plain message text above the embeds (used to address `for:` users).
    pub content: Option<String>,
    pub embeds: Vec<Embed>,
    /// Buttons, one row each; at most 5 rows of 5.
    pub rows: Vec<Vec<Button>>,
    /// Only the invoker sees the reply.
    pub ephemeral: bool,
    /// The single user this reply may mention (`for:`); nobody else is ever pinged.
    pub mention: Option<u64>,
}

/// One embed card.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Embed {
    pub title: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// 0xRRGGBB.
    pub colour: u32,
    pub footer: Option<String>,
    pub author: Option<String>,
    /// The link of the title (an entry's source), https only.
    pub url: Option<String>,
}

/// A name/value pair inside an embed.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

impl Field {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Field { name: name.into(), value: value.into(), inline: false }
    }

    pub fn inline(name: impl Into<String>, value: impl Into<String>) -> Self {
        Field { name: name.into(), value: value.into(), inline: true }
    }
}

/// A clickable button whose custom id the core understands again (see `commands::button`).
#[derive(Debug, Clone, PartialEq)]
pub struct Button {
    pub label: String,
    pub custom_id: String,
    pub style: ButtonStyle,
    pub disabled: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonStyle {
    Primary,
    Secondary,
    /// Green: a button that settles something ("That answers it").
    Success,
    Danger,
}

/// What a front end does with the reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// Send a new message (interaction response type 4).
    Message(Reply),
    /// Replace the message the clicked button is on (type 7).
    Update(Reply),
    /// Acknowledge the click and delete the message it is on (type 6, then a delete).
    Delete,
    /// Autocomplete choices (type 8): display name and value.
    Choices(Vec<Choice>),
    /// The answer to Discord's PING (type 1).
    Pong,
    /// A form to fill in (type 9); its submission comes back as [`crate::commands::Action::Submit`].
    Modal(Modal),
}

/// A pop-up form: a title and up to five text inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modal {
    /// Says what the submission is for; it comes back with the typed values.
    pub custom_id: String,
    pub title: String,
    pub inputs: Vec<TextInput>,
}

/// One text input of a [`Modal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextInput {
    /// The name the typed value comes back under.
    pub id: String,
    pub label: String,
    /// Several lines (a paragraph) rather than one.
    pub long: bool,
    pub required: bool,
    pub max_length: u16,
    /// Shown greyed out while the input is empty.
    pub placeholder: Option<String>,
    /// Filled in already (an edit, a question from the gaps report).
    pub value: Option<String>,
}

/// One autocomplete suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub name: String,
    pub value: String,
}

impl Response {
    /// The reply carried, where there is one.
    pub fn reply(&self) -> Option<&Reply> {
        match self {
            Response::Message(reply) | Response::Update(reply) => Some(reply),
            Response::Delete | Response::Choices(_) | Response::Pong | Response::Modal(_) => None,
        }
    }
}
