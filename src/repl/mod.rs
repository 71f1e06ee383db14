//! The terminal edge of the interview: parsing input lines ([`command`]) and
//! reading them from a terminal or a pipe ([`input`]).

pub mod command;
pub mod input;
