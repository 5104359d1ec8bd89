//! Date/time format strings (TO_CHAR, TO_DATE, DATE_FORMAT, STRFTIME, …) across dialects.
//!
//! Not yet translated: format-string functions pass through the translator with a DVT006
//! warning until this module lands.
