package io.extauth.audit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code --version} prints for every {@code ./extauth} command ({@code ./extauth}, {@code audit}, {@code bench},
 * {@code chaos}): the project's version, as Maven wrote it into the audit's jar, which every command line carries.
 */
public final class ExtauthVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ExtauthVersion.class.getResourceAsStream("extauth-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"extauth " + properties.getProperty("version", "(unknown version)")};
    }
}
