package com.focusapi.shared.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.focusapi.shared.http.Problem;
import com.focusapi.shared.http.ProblemException;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void passwordRule() {
        assertThat(PasswordPolicy.check("password", "Secret123")).isEmpty();
        assertThat(PasswordPolicy.check("password", "short1A"))
                .extracting(Problem.FieldError::field)
                .containsExactly("password");
        assertThat(PasswordPolicy.check("new_password", "alllowercase1"))
                .extracting(Problem.FieldError::field)
                .containsExactly("new_password");
        assertThat(PasswordPolicy.check("password", "NoDigitsHere")).isNotEmpty();
        assertThat(PasswordPolicy.check("password", null)).isNotEmpty();
    }

    @Test
    void aWeakPasswordIsA400NamingTheField() {
        assertThatNoException().isThrownBy(() -> PasswordPolicy.requireStrong("password", "Secret123"));
        assertThatThrownBy(() -> PasswordPolicy.requireStrong("new_password", "weak"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.title()).isEqualTo("Bad Request");
                    assertThat(e.getMessage()).isEqualTo("new_password: must be 8 to 128 characters long");
                    assertThat(e.errors()).extracting(Problem.FieldError::field).containsOnly("new_password");
                });
    }
}
