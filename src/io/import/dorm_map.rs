//! The dorm map as an import sees it while it writes: buildings, rooms,
//! beds and who sleeps where, kept in step with the rows it has written.

use std::collections::HashMap;

use rusqlite::Connection;

use super::ImportReport;
use crate::domain::dorm::floor_of;
use crate::domain::student::Gender;
use crate::error::Result;
use crate::store::dorm::{self, DormRoom};

pub struct DormMap {
    pub buildings: HashMap<String, (i64, Option<Gender>)>,
    pub rooms: HashMap<(i64, String), DormRoom>,
    /// room id -> its capacity, if known
    capacity: HashMap<i64, Option<i64>>,
    beds: HashMap<(i64, String), i64>,
    beds_by_room: HashMap<i64, Vec<(String, i64)>>,
    /// bed -> student
    occupant: HashMap<i64, i64>,
    /// student -> bed
    bed_of: HashMap<i64, i64>,
}

/// Bed labels in the order people count them: 1, 2, …, 10, then A, B.
fn label_key(l: &str) -> (u32, String) {
    (l.parse().unwrap_or(u32::MAX), l.to_string())
}

impl DormMap {
    pub fn load(conn: &Connection) -> Result<DormMap> {
        let buildings = dorm::buildings(conn)?
            .into_iter()
            .map(|(id, n, g)| (n, (id, g)))
            .collect();
        let rooms: HashMap<(i64, String), DormRoom> = dorm::rooms(conn)?
            .into_iter()
            .map(|r| ((r.building_id, r.number.clone()), r))
            .collect();
        let capacity = rooms.values().map(|r| (r.id, r.capacity)).collect();
        let mut beds = HashMap::new();
        let mut beds_by_room: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
        for (id, room, label) in dorm::beds(conn)? {
            beds.insert((room, label.clone()), id);
            beds_by_room.entry(room).or_default().push((label, id));
        }
        let occupant: HashMap<i64, i64> = dorm::assignments(conn)?.into_iter().collect();
        let bed_of = occupant.iter().map(|(b, s)| (*s, *b)).collect();
        Ok(DormMap {
            buildings,
            rooms,
            capacity,
            beds,
            beds_by_room,
            occupant,
            bed_of,
        })
    }

    pub fn room(&self, building: &str, room: &str) -> Option<(&DormRoom, Option<Gender>)> {
        let (bid, bg) = self.buildings.get(building)?;
        self.rooms.get(&(*bid, room.to_string())).map(|r| (r, *bg))
    }

    pub fn bed(&self, room_id: i64, label: &str) -> Option<i64> {
        self.beds.get(&(room_id, label.to_string())).copied()
    }

    pub fn occupant(&self, bed: i64) -> Option<i64> {
        self.occupant.get(&bed).copied()
    }

    /// The room, created with its building if needed.
    pub fn ensure_room(
        &mut self,
        tx: &Connection,
        building: &str,
        room: &str,
        report: &mut ImportReport,
        at: &str,
    ) -> Result<i64> {
        let bid = match self.buildings.get(building) {
            Some((id, _)) => *id,
            None => {
                let (id, _) = dorm::building_get_or_create(tx, building, None, at)?;
                self.buildings.insert(building.to_string(), (id, None));
                report.create("宿舍楼", building.to_string());
                id
            }
        };
        if let Some(r) = self.rooms.get(&(bid, room.to_string())) {
            return Ok(r.id);
        }
        let floor = floor_of(room);
        let id = dorm::room_insert(tx, bid, room, floor, None, None)?;
        let row = DormRoom {
            id,
            building_id: bid,
            building: building.into(),
            number: room.into(),
            floor,
            capacity: None,
            gender: None,
        };
        self.rooms.insert((bid, room.to_string()), row);
        self.capacity.insert(id, None);
        report.create("房间", format!("{building}-{room}"));
        Ok(id)
    }

    /// The bed with this label, created if needed.
    pub fn ensure_bed(
        &mut self,
        tx: &Connection,
        room_id: i64,
        label: &str,
        name: &str,
        report: &mut ImportReport,
    ) -> Result<i64> {
        if let Some(id) = self.bed(room_id, label) {
            return Ok(id);
        }
        let id = dorm::bed_insert(tx, room_id, label)?;
        self.beds.insert((room_id, label.to_string()), id);
        self.beds_by_room
            .entry(room_id)
            .or_default()
            .push((label.to_string(), id));
        report.create("床位", format!("{name}-{label}"));
        Ok(id)
    }

    /// A free bed of the room, lowest label first; a new one while the room
    /// has fewer beds than its capacity (or no known capacity). `None` when
    /// the room is full.
    pub fn free_bed(
        &mut self,
        tx: &Connection,
        room_id: i64,
        name: &str,
        report: &mut ImportReport,
    ) -> Result<Option<i64>> {
        let mut beds = self.beds_by_room.get(&room_id).cloned().unwrap_or_default();
        beds.sort_by_key(|(l, _)| label_key(l));
        if let Some((_, id)) = beds.iter().find(|(_, id)| !self.occupant.contains_key(id)) {
            return Ok(Some(*id));
        }
        // by the room's id (not a search of every room: a roster giving
        // rooms without beds is not quadratic in the rooms)
        let capacity = self.capacity.get(&room_id).copied().flatten();
        if capacity.is_some_and(|c| beds.len() as i64 >= c) {
            return Ok(None);
        }
        let next = beds
            .iter()
            .filter_map(|(l, _)| l.parse::<u32>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        self.ensure_bed(tx, room_id, &next.to_string(), name, report)
            .map(Some)
    }

    /// The student's bed now, if any.
    pub fn bed_of(&self, student: i64) -> Option<i64> {
        self.bed_of.get(&student).copied()
    }

    /// Is this bed in this room?
    pub fn bed_in_room(&self, bed: i64, room_id: i64) -> bool {
        self.beds_by_room
            .get(&room_id)
            .is_some_and(|v| v.iter().any(|(_, id)| *id == bed))
    }

    pub fn assign(&mut self, tx: &Connection, bed: i64, student: i64, at: &str) -> Result<()> {
        if self.bed_of.contains_key(&student) || self.occupant.contains_key(&bed) {
            dorm::assign(tx, bed, student, at)?;
        } else {
            dorm::assign_free(tx, bed, student, at)?;
        }
        if let Some(old) = self.bed_of.insert(student, bed) {
            self.occupant.remove(&old);
        }
        if let Some(prev) = self.occupant.insert(bed, student) {
            if prev != student {
                self.bed_of.remove(&prev);
            }
        }
        Ok(())
    }

    pub fn unassign(&mut self, tx: &Connection, student: i64) -> Result<()> {
        dorm::unassign_student(tx, student)?;
        if let Some(old) = self.bed_of.remove(&student) {
            self.occupant.remove(&old);
        }
        Ok(())
    }
}
