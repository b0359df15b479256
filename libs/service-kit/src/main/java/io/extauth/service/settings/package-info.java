/** Settings a service cannot run without: checked at startup, refused with the name of the setting to give. */
@NullMarked
package io.extauth.service.settings;

import org.jspecify.annotations.NullMarked;
