//! The browser shell: everything that touches the page, the extension APIs, the clock or chance.

pub mod background;
pub mod content;
pub mod dom;
pub mod export;
pub mod ext;
pub mod i18n;
pub mod popup;
pub mod sys;
