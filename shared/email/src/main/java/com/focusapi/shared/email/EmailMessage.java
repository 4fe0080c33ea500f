package com.focusapi.shared.email;

/**
 * One plain-text email. {@code type} is a small fixed set (the {@code type} label of
 * {@code focus_api_emails_sent_total}), never free text.
 */
public record EmailMessage(Type type, String to, String subject, String body) {

    public enum Type {
        VERIFICATION("verification"),
        PASSWORD_RESET("password_reset"),
        REGISTRATION_ATTEMPT("registration_attempt"),
        CHALLENGE_RESULT("challenge_result");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
