package dev.clipshare.servlet.viewer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A small HTML tag reader for the tests: finds start tags with their attributes (entities
 * decoded) and the raw text of script elements, the way a link-card crawler reads a page. It
 * does not build a tree; it is enough to read {@code <meta>}, {@code <link>}, {@code <video>},
 * {@code <form>} and {@code <script>} back and to check nothing unexpected became a tag.
 */
public final class HtmlDoc {
    /** One start tag. */
    public record Tag(String name, Map<String, String> attributes) {
        public String attr(String name) {
            return attributes.get(name);
        }
    }

    private final List<Tag> tags = new ArrayList<>();
    private final List<String> scripts = new ArrayList<>();

    public HtmlDoc(String html) {
        int i = 0;
        int n = html.length();
        while (i < n) {
            int lt = html.indexOf('<', i);
            if (lt < 0 || lt + 1 >= n) {
                break;
            }
            char c = html.charAt(lt + 1);
            if (html.startsWith("<!--", lt)) {
                int end = html.indexOf("-->", lt + 4);
                i = end < 0 ? n : end + 3;
                continue;
            }
            if (!Character.isLetter(c)) {
                i = lt + 1;
                continue;
            }
            int j = lt + 1;
            while (j < n && !Character.isWhitespace(html.charAt(j)) && html.charAt(j) != '>' && html.charAt(j) != '/') {
                j++;
            }
            String name = html.substring(lt + 1, j).toLowerCase(Locale.ROOT);
            Map<String, String> attrs = new LinkedHashMap<>();
            while (j < n && html.charAt(j) != '>') {
                char ch = html.charAt(j);
                if (Character.isWhitespace(ch) || ch == '/') {
                    j++;
                    continue;
                }
                int k = j;
                while (k < n && !Character.isWhitespace(html.charAt(k)) && html.charAt(k) != '=' && html.charAt(k) != '>') {
                    k++;
                }
                String an = html.substring(j, k).toLowerCase(Locale.ROOT);
                String value = "";
                j = k;
                if (j < n && html.charAt(j) == '=') {
                    j++;
                    char q = html.charAt(j);
                    if (q == '"' || q == '\'') {
                        int close = html.indexOf(q, j + 1);
                        value = html.substring(j + 1, close);
                        j = close + 1;
                    } else {
                        int k2 = j;
                        while (k2 < n && !Character.isWhitespace(html.charAt(k2)) && html.charAt(k2) != '>') {
                            k2++;
                        }
                        value = html.substring(j, k2);
                        j = k2;
                    }
                }
                attrs.putIfAbsent(an, decode(value));
            }
            tags.add(new Tag(name, attrs));
            i = j + 1;
            if (name.equals("script")) {
                int end = html.toLowerCase(Locale.ROOT).indexOf("</script", i);
                scripts.add(html.substring(i, end < 0 ? n : end));
                i = end < 0 ? n : end;
            }
        }
    }

    static String decode(String s) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '&') {
                int semi = s.indexOf(';', i);
                if (semi > i) {
                    String ent = s.substring(i + 1, semi);
                    String rep = switch (ent) {
                        case "amp" -> "&";
                        case "lt" -> "<";
                        case "gt" -> ">";
                        case "quot" -> "\"";
                        case "apos" -> "'";
                        default -> ent.startsWith("#x") ? String.valueOf((char) Integer.parseInt(ent.substring(2), 16))
                                : ent.startsWith("#") ? String.valueOf((char) Integer.parseInt(ent.substring(1))) : null;
                    };
                    if (rep != null) {
                        sb.append(rep);
                        i = semi + 1;
                        continue;
                    }
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    public List<Tag> tags() {
        return tags;
    }

    public List<Tag> tags(String name) {
        return tags.stream().filter(t -> t.name().equals(name)).toList();
    }

    public List<String> scripts() {
        return scripts;
    }

    /** {@code <meta property=...>} or {@code <meta name=...>} content, if exactly one such tag exists. */
    public Optional<String> meta(String key) {
        List<String> values = metas(key);
        if (values.size() > 1) {
            throw new AssertionError("meta " + key + " appears " + values.size() + " times");
        }
        return values.stream().findFirst();
    }

    public List<String> metas(String key) {
        return tags("meta").stream()
                .filter(t -> key.equals(t.attr("property")) || key.equals(t.attr("name")))
                .map(t -> t.attr("content")).toList();
    }

    public Optional<Tag> byId(String id) {
        return tags.stream().filter(t -> id.equals(t.attr("id"))).findFirst();
    }
}
