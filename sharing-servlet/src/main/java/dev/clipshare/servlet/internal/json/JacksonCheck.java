package dev.clipshare.servlet.internal.json;

/**
 * Fails fast, with a message a host can act on, when the class path holds a
 * {@code jackson-annotations} older than Jackson 3 needs. Spring Boot 3.5's dependency management
 * lowers it to 2.19, and Jackson 3 would then fail on the first JSON request with a
 * {@code ClassNotFoundException}. Touches no Jackson databind class itself.
 */
public final class JacksonCheck {
    /** A class that jackson-annotations 2.20 added and Jackson 3 needs. */
    static final String REQUIRED_CLASS = "com.fasterxml.jackson.annotation.JsonSerializeAs";

    private JacksonCheck() { }

    /**
     * @throws IllegalStateException naming the version found and the version needed
     */
    public static void requireCompatibleAnnotations() {
        requireCompatibleAnnotations(JacksonCheck.class.getClassLoader());
    }

    static void requireCompatibleAnnotations(ClassLoader loader) {
        try {
            Class.forName(REQUIRED_CLASS, false, loader);
        } catch (ClassNotFoundException e) {
            String found = "none";
            try {
                Package p = Class.forName("com.fasterxml.jackson.annotation.JsonProperty", false, loader).getPackage();
                found = p == null || p.getImplementationVersion() == null ? "an unknown version" : p.getImplementationVersion();
            } catch (ClassNotFoundException missing) {
                // not there at all
            }
            throw new IllegalStateException("Clipshare's JSON (Jackson 3) needs com.fasterxml.jackson.core:jackson-annotations"
                    + " 2.20 or newer, but the class path has " + found + " (Spring Boot 3.5 manages it down to 2.19):"
                    + " declare jackson-annotations 2.22 in your dependencyManagement");
        }
    }
}
