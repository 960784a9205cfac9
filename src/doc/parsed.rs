//! Parsed atoms and molecules addressed by slot: what the parse cache decodes into, and what
//! becomes the snapshot's lists in place.

use serde::{Deserialize, Serialize};

use super::{Atom, Molecule};

/// Where an entry's document is: an index into the atoms or the molecules of [`Docs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Slot {
    /// The file holds no readable atom or molecule.
    None,
    /// The atom at this index.
    Atom(u32),
    /// The molecule at this index.
    Molecule(u32),
}

/// Parsed atoms and molecules, addressed by [`Slot`]. A taken or dropped document leaves None,
/// so the list can become the snapshot's in place, without a second copy of every atom.
#[derive(Debug, Default)]
pub struct Docs {
    /// Atoms by slot.
    pub atoms: Vec<Option<Atom>>,
    /// Molecules by slot.
    pub molecules: Vec<Option<Molecule>>,
}

impl Docs {
    /// The atom at `slot`.
    pub fn atom(&self, slot: Slot) -> Option<&Atom> {
        match slot {
            Slot::Atom(i) => self.atoms.get(i as usize)?.as_ref(),
            _ => None,
        }
    }

    /// The molecule at `slot`.
    pub fn molecule(&self, slot: Slot) -> Option<&Molecule> {
        match slot {
            Slot::Molecule(i) => self.molecules.get(i as usize)?.as_ref(),
            _ => None,
        }
    }

    /// Add a parsed document; its slot.
    pub fn add(&mut self, atom: Option<Atom>, molecule: Option<Molecule>) -> Slot {
        if let Some(a) = atom {
            self.atoms.push(Some(a));
            Slot::Atom(self.atoms.len() as u32 - 1)
        } else if let Some(m) = molecule {
            self.molecules.push(Some(m));
            Slot::Molecule(self.molecules.len() as u32 - 1)
        } else {
            Slot::None
        }
    }

    /// Keep only the documents at `slots`; the atoms and molecules left, in slot order.
    #[allow(
        clippy::filter_map_identity,
        reason = "flatten does not collect in place"
    )]
    pub fn keep(self, slots: impl IntoIterator<Item = Slot>) -> (Vec<Atom>, Vec<Molecule>) {
        let mut atoms_kept = vec![false; self.atoms.len()];
        let mut molecules_kept = vec![false; self.molecules.len()];
        for slot in slots {
            match slot {
                Slot::Atom(i) => atoms_kept[i as usize] = true,
                Slot::Molecule(i) => molecules_kept[i as usize] = true,
                Slot::None => {}
            }
        }
        // `filter_map` over the vector's own iterator collects in place: no second allocation
        // (`flatten` would allocate a new vector and copy every atom).
        let mut atoms = self.atoms;
        for (a, kept) in atoms.iter_mut().zip(atoms_kept) {
            if !kept {
                *a = None;
            }
        }
        let mut molecules = self.molecules;
        for (m, kept) in molecules.iter_mut().zip(molecules_kept) {
            if !kept {
                *m = None;
            }
        }
        (
            atoms.into_iter().filter_map(|a| a).collect(),
            molecules.into_iter().filter_map(|m| m).collect(),
        )
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small readable atom with id `id`.
    pub(crate) fn atom(id: &str) -> Atom {
        let text = format!(
            "# {id}: T\n\n```yaml\nid: {id}\ntitle: T\nteam: backend\nstatus: NOT_STARTED\n```\n"
        );
        crate::doc::atom::parse(&format!("{id}.md"), &text)
            .0
            .expect("parses")
    }

    #[test]
    fn the_documents_kept_are_those_whose_slots_are_named_in_slot_order() {
        let mut docs = Docs::default();
        let a = docs.add(Some(atom("ATOM-001")), None);
        let b = docs.add(Some(atom("ATOM-002")), None);
        let c = docs.add(Some(atom("ATOM-003")), None);
        assert_eq!((a, b, c), (Slot::Atom(0), Slot::Atom(1), Slot::Atom(2)));
        assert_eq!(docs.add(None, None), Slot::None);
        let (atoms, molecules) = docs.keep([c, Slot::None, a]);
        let ids: Vec<&str> = atoms.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["ATOM-001", "ATOM-003"]);
        assert!(molecules.is_empty());
    }
}
