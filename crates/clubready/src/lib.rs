//! # paykit-clubready
//!
//! Work in progress: the clubready client in the shared shape of every paykit vendor crate.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
