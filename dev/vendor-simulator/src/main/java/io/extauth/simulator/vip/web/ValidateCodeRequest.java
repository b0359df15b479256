package io.extauth.simulator.vip.web;

import jakarta.validation.constraints.NotNull;

/** The security code the user typed. */
record ValidateCodeRequest(@NotNull String code) {

    @Override
    public String toString() {
        return "ValidateCodeRequest[code=******]";
    }
}
