package dev.anchor.agent.telemetry;

import dev.anchor.api.agent.GpuInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the output of {@code nvidia-smi --query-gpu=}{@link #QUERY}{@code --format=csv,noheader,nounits}.
 * Pure and total: any text gives an answer, never an exception. It copes with what the tool prints in
 * practice: a header line, units after numbers (when {@code nounits} was not honoured), {@code [N/A]}
 * and {@code [Not Supported]} for figures a GPU cannot give, padding, CRLF line ends, commas in a
 * product name, and a driver error message or nothing at all instead of CSV.
 */
public final class NvidiaSmiParser {
    /** The fields asked for, in order. */
    public static final String QUERY = "index,uuid,name,memory.total,memory.used,utilization.gpu,temperature.gpu,power.draw,power.limit";
    private static final int FIELDS = 9;
    private static final int MAX_SHOWN = 160;

    private NvidiaSmiParser() {}

    /**
     * What the parse found: the GPUs of every well-formed line, and a problem (for the log) when the
     * text held none or had lines that were not GPU rows; null when all was well.
     */
    public record Result(List<GpuInfo> gpus, String problem) {
        public Result {
            gpus = List.copyOf(gpus);
        }

        static Result none(String problem) {
            return new Result(List.of(), problem);
        }
    }

    public static Result parse(String text) {
        if (text == null || text.isBlank()) return Result.none("nvidia-smi printed nothing");
        List<GpuInfo> gpus = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.toLowerCase(Locale.ROOT).startsWith("index")) continue;
            GpuInfo gpu = parseLine(line);
            if (gpu == null) rejected.add(line);
            else gpus.add(gpu);
        }
        if (rejected.isEmpty()) return new Result(gpus, gpus.isEmpty() ? "nvidia-smi listed no GPUs" : null);
        String shown = clip(String.join(" | ", rejected));
        return new Result(gpus, gpus.isEmpty()
                ? "nvidia-smi gave no GPU rows: " + shown
                : rejected.size() + " line(s) of nvidia-smi output were not GPU rows: " + shown);
    }

    /** One CSV row, or null when it is not one. A name with commas takes the fields between uuid and the 6 figures. */
    private static GpuInfo parseLine(String line) {
        String[] parts = line.split(",", -1);
        if (parts.length < FIELDS) return null;
        int extra = parts.length - FIELDS;
        Integer index = integer(parts[0]);
        if (index == null || index < 0) return null;
        String name = String.join(",", Arrays.copyOfRange(parts, 2, 3 + extra)).strip();
        String[] figures = Arrays.copyOfRange(parts, 3 + extra, parts.length);
        return new GpuInfo(index, text(parts[1]), name.isEmpty() ? null : name, whole(figures[0]), whole(figures[1]),
                integer(figures[2]), integer(figures[3]), decimal(figures[4]), decimal(figures[5]));
    }

    private static String text(String field) {
        String value = field.strip();
        return value.isEmpty() || missing(value) ? null : value;
    }

    /** {@code [N/A]}, {@code [Not Supported]}, {@code [Unknown Error]}, {@code N/A}: the tool's ways of saying "no figure". */
    private static boolean missing(String value) {
        return value.startsWith("[") || value.equalsIgnoreCase("N/A") || value.equals("-");
    }

    private static Double decimal(String field) {
        String value = withoutUnit(field);
        if (value == null) return null;
        try {
            double parsed = Double.parseDouble(value);
            return Double.isFinite(parsed) && parsed >= 0 ? parsed : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long whole(String field) {
        Double value = decimal(field);
        return value == null ? null : Math.round(value);
    }

    private static Integer integer(String field) {
        Long value = whole(field);
        return value == null || value > Integer.MAX_VALUE ? null : value.intValue();
    }

    /** {@code "81559 MiB"} → {@code "81559"}; {@code "37 %"}, {@code "118.50 W"}, {@code "41 C"} likewise. */
    private static String withoutUnit(String field) {
        String value = field.strip();
        if (value.isEmpty() || missing(value)) return null;
        int end = 0;
        while (end < value.length() && (Character.isDigit(value.charAt(end)) || value.charAt(end) == '.' || value.charAt(end) == '-')) end++;
        if (end == 0) return null;
        String unit = value.substring(end).strip();
        return unit.isEmpty() || unit.matches("MiB|%|W|C") ? value.substring(0, end) : null;
    }

    private static String clip(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "…";
    }
}
