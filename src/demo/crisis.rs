//! Demo crisis cases: two closed with full timelines, one open mid-way
//! (its report to the leader late), each visible only to the right roles.

use chrono::{DateTime, Duration, Utc};

use crate::domain::clock::to_db;
use crate::error::Result;
use crate::store::crisis::{self as cs, NewCase};
use crate::store::{org, students};

/// (minutes after opening, event kind, step, text)
type Step = (
    i64,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

#[allow(clippy::too_many_arguments)]
fn case(
    tx: &rusqlite::Connection,
    kind: &str,
    student_no: &str,
    opener: &str,
    helper: &str,
    opened: DateTime<Utc>,
    location: &str,
    known: &str,
    events: &[Step],
) -> Result<()> {
    let Some((tpl, _)) = crate::config::assets::load_sops(true)?
        .into_iter()
        .find(|(t, _)| t.kind == kind)
    else {
        return Ok(());
    };
    let (Some(sid), Some(by), Some(help)) = (
        students::id_by_number(tx, student_no)?,
        org::staff_by_login(tx, opener)?,
        org::staff_by_login(tx, helper)?,
    ) else {
        return Ok(());
    };
    let college = students::by_id(tx, sid)?.map(|s| s.college_id);
    let json = serde_json::to_string(&tpl).unwrap_or_default();
    let at = to_db(opened);
    let id = cs::insert_case(
        tx,
        &NewCase {
            kind,
            template_version: &tpl.version,
            template: &json,
            opened_at: &at,
            opened_by: by.id,
            location: Some(location),
            known: Some(known),
            entry_id: None,
            college_id: college,
            shift_id: None,
            students: &[sid],
        },
    )?;
    cs::insert_event(tx, id, &at, by.id, "open", None, Some(known))?;
    for (i, (min, kind, step, text)) in events.iter().enumerate() {
        // the opener works the first hour; the counsellor takes over after
        let who = if *min < 60 && i < 6 { by.id } else { help.id };
        cs::insert_event(
            tx,
            id,
            &to_db(opened + Duration::minutes(*min)),
            who,
            kind,
            *step,
            *text,
        )?;
    }
    Ok(())
}

pub(super) fn demo_crises(tx: &rusqlite::Connection, now: DateTime<Utc>) -> Result<()> {
    let day = 1440;
    case(
        tx,
        "psych",
        "20230100003",
        "sunpeng",
        "lina",
        now - Duration::days(20) - Duration::hours(3),
        "3号楼 305 室",
        "室友深夜报告：该生称“活着没意思”，把药片倒在桌上",
        &[
            (
                3,
                "done",
                Some("scene"),
                Some("✓学生身边有人陪伴；✓危险物品已移除"),
            ),
            (
                8,
                "done",
                Some("verify"),
                Some("未服药；近两周失眠，与家人争吵"),
            ),
            (12, "done", Some("report"), Some("电话报告刘洋，已知悉")),
            (14, "screen", None, Some("YYYNN-N → moderate")),
            (15, "level", Some("2"), Some("筛查中风险，有想法无计划")),
            (
                28,
                "done",
                Some("plan"),
                Some("启动心理危机干预预案，李娜为现场负责人"),
            ),
            (
                50,
                "done",
                Some("departments"),
                Some("心理中心值班老师到场评估"),
            ),
            (95, "done", Some("family"), Some("母亲次日上午到校")),
            (100, "na", Some("publish"), Some("未外传，无需发布")),
            (day, "phase", Some("acute"), None),
            (
                2 * day,
                "done",
                Some("care_student"),
                Some("转介心理中心每周咨询，列为重点关注"),
            ),
            (
                3 * day,
                "done",
                Some("care_family"),
                Some("与母亲约定每周电话沟通"),
            ),
            (
                5 * day,
                "done",
                Some("care_roommates"),
                Some("宿舍团体辅导一次"),
            ),
            (5 * day, "na", Some("care_witnesses"), Some("无其他目击者")),
            (
                14 * day,
                "done",
                Some("review"),
                Some("专题复盘会，形成书面报告"),
            ),
            (
                14 * day + 30,
                "close",
                None,
                Some("学生情绪平稳，已正常上课"),
            ),
        ],
    )?;
    case(
        tx,
        "missing",
        "20230100302",
        "mali",
        "zhangwei",
        now - Duration::days(9) - Duration::hours(2),
        "2号楼",
        "查寝未归，电话关机",
        &[
            (
                10,
                "done",
                Some("verify"),
                Some("无请假记录；最后出现在图书馆 20:40"),
            ),
            (
                25,
                "done",
                Some("reach"),
                Some("同学通过微信联系上，在校外朋友处"),
            ),
            (30, "done", Some("report"), Some("报告陈静")),
            (40, "done", Some("family"), Some("告知父亲，已与学生通话")),
            (45, "na", Some("security"), Some("已联系上，无需报警")),
            (60, "phase", Some("acute"), None),
            (
                day,
                "done",
                Some("talk"),
                Some("谈话：因与室友矛盾外出，已调解"),
            ),
            (
                7 * day,
                "done",
                Some("review"),
                Some("复盘：完善晚归报告流程"),
            ),
            (7 * day + 10, "close", None, Some("学生已返校，矛盾已调解")),
        ],
    )?;
    // one open, mid-way: the report to the leader is late
    case(
        tx,
        "psych",
        "20230100002",
        "sunpeng",
        "lina",
        now - Duration::minutes(35),
        "1号楼楼顶",
        "宿管发现该生独自在楼顶，情绪激动",
        &[
            (
                2,
                "done",
                Some("scene"),
                Some("✓学生身边有人陪伴；✓已远离危险位置"),
            ),
            (9, "done", Some("verify"), Some("失恋，饮酒少量，无自伤")),
        ],
    )
}
