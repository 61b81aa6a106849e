package dev.anchor.cli;

import dev.anchor.api.CliConfig;
import dev.anchor.client.AnchorClient;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the coordinator is and which key to use: flags, then environment, then the CLI config file. */
final class ClientOptions {
    @Option(names = "--url", description = "Coordinator URL (env ANCHOR_URL; default from the CLI config, else http://127.0.0.1:7070)")
    String url;

    @Option(names = "--api-key", description = "API key (env ANCHOR_API_KEY; default from the CLI config)")
    String apiKey;

    @Option(names = "--config", description = "CLI config file (env ANCHOR_CONFIG; default ~/.config/anchor/config.json)")
    Path config;

    AnchorClient client() {
        Optional<CliConfig> file = CliConfig.read(config != null ? config : CliConfig.defaultPath());
        String resolvedUrl = first(url, System.getenv("ANCHOR_URL"), file.map(CliConfig::url).orElse(null), "http://127.0.0.1:7070");
        String key = first(apiKey, System.getenv("ANCHOR_API_KEY"), file.map(CliConfig::apiKey).orElse(null), null);
        if (key == null) {
            throw new CliException("no API key: pass --api-key, set ANCHOR_API_KEY, or start a coordinator once (it writes "
                    + CliConfig.defaultPath() + ")", 4);
        }
        return new AnchorClient(resolvedUrl, key);
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) return value;
        }
        return null;
    }
}
