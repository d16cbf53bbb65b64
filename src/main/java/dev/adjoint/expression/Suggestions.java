package dev.adjoint.expression;

/** "Did you mean": the closest known name by edit distance, if it is close enough to be a typo. */
final class Suggestions {

    /** Longer names get no suggestion: typos are in short names, and the distance costs length squared. */
    private static final int MAX_NAME = 64;
    /**
     * Cells of the distance table one lookup may fill (about 1 ms of work): without a cap one unknown
     * name against 200 000 known ones of similar length was seconds, and callers make up to 50 lookups.
     * Past the cap the search stops with the best found so far.
     */
    static final long MAX_CELLS = 1_000_000;

    private Suggestions() {
    }

    /**
     * The candidate nearest to {@code name} that it could be a typo of, or null: within 1 edit for
     * names of 1-3 characters, 2 for longer ones, and never one that shares nothing with it (an
     * unbound {@code z} is one edit from {@code x}, but not a typo of it; {@code X} is of {@code x},
     * {@code yy} of {@code y}, {@code sni} of {@code sin}). A tie goes to the candidate sharing the
     * longer start with {@code name}, then to the shorter one.
     */
    static String closest(String name, Iterable<String> candidates) {
        if (name.length() > MAX_NAME) {
            return null;
        }
        int allowed = name.length() <= 3 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        long cells = 0;
        for (String candidate : candidates) {
            if (Math.abs(candidate.length() - name.length()) > allowed) {
                continue; // cheap: only names within the allowed length difference are compared
            }
            cells += (long) (name.length() + 1) * (candidate.length() + 1);
            if (cells > MAX_CELLS) {
                break;
            }
            int d = distance(name, candidate);
            if (d == 0) {
                continue;
            }
            boolean sharesSomething = d < Math.max(name.length(), candidate.length()) || name.equalsIgnoreCase(candidate);
            if (sharesSomething && d <= allowed && (d < bestDistance || d == bestDistance && closerTie(name, candidate, best))) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * Between two candidates at the same distance, the one the student more likely meant: the one
     * sharing the longer start with the typed name, then the shorter one ({@code sinn} is
     * {@code sin}, not {@code sign} or {@code sinh}); else the first seen stays.
     */
    private static boolean closerTie(String name, String candidate, String best) {
        int prefix = commonPrefix(name, candidate);
        int bestPrefix = commonPrefix(name, best);
        return prefix != bestPrefix ? prefix > bestPrefix : candidate.length() < best.length();
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** Levenshtein distance, with adjacent transpositions counted as one edit ("sni" -> "sin"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
