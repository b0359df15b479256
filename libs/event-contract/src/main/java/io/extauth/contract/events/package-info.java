/** One immutable record per event of the contract, named in the past tense. */
@NullMarked
package io.extauth.contract.events;

import org.jspecify.annotations.NullMarked;
