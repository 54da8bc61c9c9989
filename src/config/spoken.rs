//! Durations and C-SSRS screens worded in the reader's language, wherever
//! a crisis duration, an elapsed or overdue time or a screen is printed.

use super::Catalog;
use crate::domain::{cssrs, duration};

impl Catalog {
    /// A span of minutes as a person says it ("7 天", "2 小时 5 分").
    pub fn duration(&self, minutes: i64) -> String {
        self.msg(&duration::spoken(minutes))
    }

    /// Time to a deadline: "还有 35 分钟" ahead, "已逾期 7 天" past.
    pub fn time_left(&self, minutes: i64) -> String {
        let t = self.duration(minutes);
        if minutes < 0 {
            self.f("duration.overdue", &[("t", &t)])
        } else {
            self.f("duration.left", &[("t", &t)])
        }
    }

    /// A recorded C-SSRS screen in words, one line per question; `None`
    /// for text that is not a recorded screen.
    pub fn screen_in_words(&self, text: &str) -> Option<Vec<String>> {
        let s = cssrs::parse(text)?;
        Some(cssrs::in_words(&s).iter().map(|m| self.msg(m)).collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Catalog, Lang};

    #[test]
    fn durations_read_as_said() {
        let t = Catalog::builtin(Lang::ZhCn);
        assert_eq!(t.duration(35), "35 分钟");
        assert_eq!(t.duration(60), "1 小时");
        assert_eq!(t.duration(125), "2 小时 5 分");
        assert_eq!(t.duration(10080), "7 天");
        assert_eq!(t.duration(1500), "1 天 1 小时");
        assert_eq!(t.time_left(-28975), "已逾期 20 天 2 小时");
        assert_eq!(t.time_left(35), "还有 35 分钟");
        let en = Catalog::builtin(Lang::En);
        assert_eq!(en.duration(125), "2 h 5 min");
        assert_eq!(en.time_left(-10080), "overdue by 7 days");
    }

    #[test]
    fn a_screen_reads_in_words() {
        let t = Catalog::builtin(Lang::ZhCn);
        let w = t.screen_in_words("YYNNYY (3m) → high").unwrap();
        assert_eq!(
            w,
            [
                "近一个月希望自己死去或睡着后不再醒来：是",
                "近一个月有自杀想法：是",
                "想过自杀的方式：否",
                "有自杀的打算：否",
                "想好了具体细节并打算执行：是",
                "做过、开始做或准备做结束生命的事：是",
                "其中在近三个月内：是",
                "筛查提示：高风险",
            ]
        );
        let w = t.screen_in_words("YN---N → low").unwrap();
        assert_eq!(w[2], "想过自杀的方式：未问（第 2 题答“否”）");
        assert_eq!(w.len(), 7);
        assert_eq!(t.screen_in_words("已陪同"), None);
        let en = Catalog::builtin(Lang::En);
        let w = en.screen_in_words("YN---N → low").unwrap();
        assert_eq!(
            w[1],
            "In the past month, thoughts of killing themselves: no"
        );
        assert_eq!(w[6], "Suggests: low risk");
    }
}
