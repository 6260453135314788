/**
 * Clipshare on Jakarta Servlet 6 (Tomcat 10.1+, Jetty 12 ee10, Undertow 2.3, Spring Boot 3):
 * the share pages, media with byte ranges, HLS, link cards and oEmbed, and the JSON management
 * API. Hosts implement {@link dev.clipshare.servlet.HttpAccessPolicy} and register one filter.
 * Public signatures expose neither Jackson nor Mustache types.
 */
package dev.clipshare.servlet;
