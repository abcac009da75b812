package org.kvmlab.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.xml.Xml;
import org.w3c.dom.Document;

/**
 * Keeps {@code section4.yaml}, the hostile corpus ({@code hostile.yaml}) and the API-path corpus
 * ({@code api-paths.yaml}) in step: every row of KVM-PRACTICES.md section 4 and every item it names has a case
 * that proves kvmlab refuses it, or is written down as allowed on purpose with the reason and a case that proves
 * the policy admits it; every case names an existing row and a reason.
 */
class Section4CoverageTest {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    static final Section4 SECTION = read();
    static final List<PolicyCase> HOSTILE = PolicyCase.load("/policy/hostile.yaml");
    static final List<ApiPathCase> API = ApiPathCase.load().cases();
    static final Map<String, PolicyCase> ACCEPTED = PolicyCase.load("/policy/accepted.yaml").stream()
            .collect(Collectors.toMap(PolicyCase::name, Function.identity()));
    static final String CANONICAL = PolicyCase.resource("/policy/web01-canonical.xml");

    /** An item of a row kvmlab deliberately allows, why, and the cases that prove it. */
    record Allowed(String item, String why, String shows, List<String> admitted, List<String> owned) {
        List<String> ownedCases() {
            return owned == null ? List.of() : owned;
        }
    }

    record Row(String id, String title, Map<String, List<String>> items, List<Allowed> allowedOnPurpose) {
        Map<String, List<String>> itemCases() {
            return items == null ? Map.of() : items;
        }

        List<Allowed> allowed() {
            return allowedOnPurpose == null ? List.of() : allowedOnPurpose;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    record Section4(List<Row> table, List<Row> apiPaths, List<Row> beyond) {
        List<Row> all() {
            return Stream.of(table, apiPaths, beyond).flatMap(List::stream).toList();
        }
    }

    /** A refused case of either corpus: its name, row and reason. */
    record Refused(String name, String row, String reason, String corpus) {
    }

    static Section4 read() {
        try (InputStream in = Section4CoverageTest.class.getResourceAsStream("/policy/section4.yaml")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /policy/section4.yaml");
            }
            return YAML.readValue(in, Section4.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Refused> refused() {
        List<Refused> out = new ArrayList<>();
        HOSTILE.forEach(c -> out.add(new Refused(c.name(), c.row(), c.reason(), "hostile.yaml")));
        API.forEach(c -> out.add(new Refused(c.name(), c.row(), c.reason(), "api-paths.yaml")));
        return out;
    }

    static Stream<Row> rows() {
        return SECTION.all().stream();
    }

    static Stream<Allowed> allowedItems() {
        return rows().flatMap(r -> r.allowed().stream());
    }

    @Test
    void rowsAreTheSectionsTableAndListInOrder() {
        assertThat(SECTION.table()).extracting(Row::id).containsExactlyElementsOf(ids("R", 18));
        assertThat(SECTION.apiPaths()).extracting(Row::id).containsExactlyElementsOf(ids("A", 10));
        assertThat(SECTION.beyond()).extracting(Row::id).containsExactlyElementsOf(ids("X", SECTION.beyond().size()));
        assertThat(rows()).allSatisfy(r -> assertThat(r.title()).as(r.id()).isNotBlank());
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("%s%02d", prefix, i)).toList();
    }

    @Test
    void everyCaseHasAUniqueNameAnExistingRowAndAReason() {
        Set<String> rowIds = rows().map(Row::id).collect(Collectors.toSet());
        List<Refused> all = refused();
        assertThat(all).extracting(Refused::name).as("case names across hostile.yaml and api-paths.yaml")
                .doesNotHaveDuplicates();
        assertThat(all).allSatisfy(c -> {
            assertThat(c.row()).as("%s (%s) names its row", c.name(), c.corpus()).isIn(rowIds);
            assertThat(c.reason()).as("%s (%s) says why it must be refused", c.name(), c.corpus()).isNotBlank();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRowAndItemHasACaseOrIsAllowedOnPurpose(Row row) {
        Map<String, Refused> byName = refused().stream().collect(Collectors.toMap(Refused::name, Function.identity()));
        assertThat(row.itemCases().isEmpty() && row.allowed().isEmpty()).as("%s names no item", row.id()).isFalse();
        for (var item : row.itemCases().entrySet()) {
            assertThat(item.getValue()).as("%s: item '%s' has a case", row.id(), item.getKey()).isNotEmpty();
            for (String name : item.getValue()) {
                assertThat(byName).as("%s: item '%s' names case %s", row.id(), item.getKey(), name)
                        .containsKey(name);
                assertThat(byName.get(name).row()).as("%s is tagged with the row that lists it", name)
                        .isEqualTo(row.id());
            }
        }
        if (row.allowed().isEmpty() || !row.itemCases().isEmpty()) {
            assertThat(refused()).as("%s has at least one refused case", row.id())
                    .anySatisfy(c -> assertThat(c.row()).isEqualTo(row.id()));
        }
        assertThat(row.allowed()).extracting(Allowed::item).as(row.id() + ": an item is refused or allowed, not both")
                .doesNotContainAnyElementsOf(row.itemCases().keySet());
    }

    @Test
    void everyCaseIsListedUnderAnItemOfItsRow() {
        Map<String, List<String>> listed = new LinkedHashMap<>();
        for (Row row : SECTION.all()) {
            row.itemCases().values().forEach(cases -> cases.forEach(c -> listed.computeIfAbsent(c,
                    k -> new ArrayList<>()).add(row.id())));
            row.allowed().forEach(a -> a.ownedCases().forEach(c -> listed.computeIfAbsent(c,
                    k -> new ArrayList<>()).add(row.id())));
        }
        assertThat(refused()).allSatisfy(c -> assertThat(listed.getOrDefault(c.name(), List.of()))
                .as("%s (%s) is listed in section4.yaml under its row %s", c.name(), c.corpus(), c.row())
                .contains(c.row()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowedItems")
    void whatIsAllowedOnPurposeIsAdmittedAndItsOwnedPartStaysRefused(Allowed allowed) throws Exception {
        assertThat(allowed.why()).as(allowed.item()).isNotBlank();
        assertThat(allowed.shows()).as("%s: an XPath that shows the item", allowed.item()).isNotBlank();
        assertThat(allowed.admitted()).as("%s: a case proves the policy admits it", allowed.item()).isNotEmpty();
        for (String name : allowed.admitted()) {
            PolicyCase c = ACCEPTED.get(name);
            assertThat(c).as("%s: accepted case %s exists", allowed.item(), name).isNotNull();
            Document admitted = Xml.parse(c.policy().admit(c.learner(CANONICAL), c.current(CANONICAL),
                    c.guestLimits()));
            assertThat(Xml.test(Xml.compile(allowed.shows()), admitted))
                    .as("%s: what %s admits shows it (%s)", allowed.item(), name, allowed.shows()).isTrue();
        }
        Map<String, PolicyCase> hostile = HOSTILE.stream().collect(Collectors.toMap(PolicyCase::name,
                Function.identity()));
        for (String name : allowed.ownedCases()) {
            PolicyCase c = hostile.get(name);
            assertThat(c).as("%s: hostile case %s exists", allowed.item(), name).isNotNull();
            PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                    () -> c.policy().admit(c.learner(CANONICAL), c.current(CANONICAL), c.guestLimits()));
            assertThat(refusal).as("%s: %s is refused", allowed.item(), name).isNotNull();
        }
    }

    @Test
    void theHostileCorporaHoldAtLeastSixtyCases() {
        Map<String, Long> perRow = new TreeMap<>(refused().stream()
                .collect(Collectors.groupingBy(Refused::row, Collectors.counting())));
        long domain = HOSTILE.size();
        long api = API.size();
        long items = rows().mapToLong(r -> r.itemCases().size()).sum();
        long allowed = allowedItems().count();
        System.out.printf("hostile corpus: %d cases (%d domain XML in hostile.yaml, %d on API paths in"
                + " api-paths.yaml), covering %d rows and %d items; %d items allowed on purpose; per row: %s%n",
                domain + api, domain, api, perRow.size(), items, allowed, perRow);
        assertThat(domain + api).isGreaterThanOrEqualTo(60);
        assertThat(perRow.keySet()).containsAll(ids("R", 18)).containsAll(ids("A", 10));
    }
}
