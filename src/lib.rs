//! herald: a static site generator for bilingual foreign-information publishing.
//!
//! The pipeline is a chain of stages on values: [`Site::load`] reads everything,
//! [`Site::render`] turns it into an [`output::Output`] in memory (in parallel), and
//! [`output::Output::write_to`] swaps it into place atomically. See ARCHITECTURE.md.

pub mod config;
pub mod content;
pub mod diagnostic;
pub mod i18n;
pub mod slug;
