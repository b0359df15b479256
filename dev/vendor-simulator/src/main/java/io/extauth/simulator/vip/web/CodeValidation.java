package io.extauth.simulator.vip.web;

import io.extauth.simulator.vip.CodeCheck;

/** @param reason ACCEPTED, WRONG_CODE or CODE_ALREADY_USED */
record CodeValidation(boolean valid, String reason) {

    static CodeValidation of(CodeCheck check) {
        return new CodeValidation(check.valid(), check.name());
    }
}
