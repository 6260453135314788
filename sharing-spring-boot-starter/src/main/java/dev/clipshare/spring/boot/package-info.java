/**
 * Clipshare's Spring Boot starter: auto-configuration that builds Clipshare from the app's
 * {@code DataSource} and {@code clipshare.*} properties ({@link dev.clipshare.spring.boot.ClipshareProperties}).
 * The app supplies one {@link dev.clipshare.servlet.HttpAccessPolicy} bean, and a
 * {@link dev.clipshare.core.spi.SourceResolver} bean when it exports clips.
 *
 * <pre>{@code
 * @Component
 * class TeamPolicy implements HttpAccessPolicy {
 *     public Optional<String> libraryOf(Target target) { return videos.teamOf(target.sourceId()); }
 *     public Optional<Role> roleOf(Principal user, String libraryId) { return teams.role(user.id(), libraryId); }
 * }
 * }</pre>
 *
 * <p>Spring Boot 3.5 and 4.0. Parts switch on with the app's class path: the export runner
 * ({@link dev.clipshare.spring.boot.ClipshareExportAutoConfiguration}), Spring Security
 * ({@link dev.clipshare.spring.boot.ClipshareSecurityAutoConfiguration}), Micrometer
 * ({@link dev.clipshare.spring.boot.ClipshareMetrics}) and the Actuator's health
 * ({@link dev.clipshare.spring.boot.ClipshareHealth}).
 */
package dev.clipshare.spring.boot;
