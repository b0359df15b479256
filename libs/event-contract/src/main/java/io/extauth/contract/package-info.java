/** The public contract of extauth in code: topic names, the CloudEvents envelope and one record per event. */
@NullMarked
package io.extauth.contract;

import org.jspecify.annotations.NullMarked;
