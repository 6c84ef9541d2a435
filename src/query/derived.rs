//! Columns tables compute from their rows. Most tables compute none.

use super::view::Derive;
use crate::model::*;

impl Derive for Source {}
impl Derive for Place {}
impl Derive for Port {}
impl Derive for Dock {}
impl Derive for Facility {}
impl Derive for Lease {}
impl Derive for Route {}
impl Derive for Population {}
impl Derive for Event {}
impl Derive for Claim {}
impl Derive for Citation {}
