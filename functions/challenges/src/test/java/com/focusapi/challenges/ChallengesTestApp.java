package com.focusapi.challenges;

import com.focusapi.shared.testing.FunctionTestApp;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;

/** The challenges function's real Lambda handler on a real PostgreSQL; accounts and activities are seeded with SQL. */
final class ChallengesTestApp extends FunctionTestApp {
    ChallengesTestApp(Map<String, Object> extra) {
        super(withRoomForConcurrency(8, extra));
    }

    void activity(long userId, String appName, int minutes, LocalDate date) {
        try (Connection c = sql.connect();
                PreparedStatement st = c.prepareStatement(
                        "INSERT INTO activities (user_id, app_name, duration_minutes, activity_date) VALUES (?, ?, ?, ?)")) {
            st.setLong(1, userId);
            st.setString(2, appName);
            st.setInt(3, minutes);
            st.setDate(4, Date.valueOf(date));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
