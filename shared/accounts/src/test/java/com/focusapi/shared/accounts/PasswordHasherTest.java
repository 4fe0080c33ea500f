package com.focusapi.shared.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashIsArgon2idSaltedAndVerifies() {
        String hash = hasher.hash("Secret123");
        assertThat(hash).startsWith("$argon2id$").doesNotContain("Secret123");
        assertThat(hasher.hash("Secret123")).isNotEqualTo(hash);
        assertThat(hasher.verify("Secret123", hash)).isTrue();
        assertThat(hasher.verify("secret123", hash)).isFalse();
        assertThat(hasher.verify("Secret123", null)).isFalse();
        assertThat(hasher.verify("Secret123", "not-a-hash")).isFalse();
    }

    @Test
    void tokensAreRandomAndHashedToHex() {
        String a = SecureTokens.newToken();
        assertThat(a).hasSize(43).isNotEqualTo(SecureTokens.newToken());
        assertThat(SecureTokens.sha256Hex(a)).hasSize(64).matches("[0-9a-f]+");
    }
}
