//! End-to-end tests: the real `coord` binary in real temporary git repositories.

mod atoms;
mod codeowners;
mod conflicts;
mod dashboard;
mod gate;
mod history;
mod hook;
mod init;
mod json;
mod life;
mod lint;
mod mcp;
mod merge;
mod molecules;
mod pages;
mod records;
mod remote;
mod reports;
mod robust;
mod support;
mod zones_check;
mod zones_tools;
