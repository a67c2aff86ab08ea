package dev.sagebox.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code resourceconfig.json} (CONTRACTS §4.1): hosts {@code algo-1..N} numbered across instance groups, with both
 * {@code current_group_name} (read by the toolkit's Environment) and {@code current_instance_group} (read by
 * {@code get_current_instance_group()}).
 */
public final class ResourceConfigFile {
    /** The group name of a job without InstanceGroups, as the toolkit expects it. */
    public static final String HOMOGENEOUS = "homogeneousCluster";

    /** One instance group: its name, instance type and number of hosts. */
    public record Group(String name, String instanceType, int count) {
    }

    private ResourceConfigFile() {
    }

    /** Host names in numeric order across the groups. */
    public static List<String> hosts(List<Group> groups) {
        List<String> hosts = new ArrayList<>();
        int total = groups.stream().mapToInt(Group::count).sum();
        for (int i = 1; i <= total; i++) {
            hosts.add("algo-" + i);
        }
        return hosts;
    }

    /** The file's content for host {@code index} (0-based). */
    public static Map<String, Object> content(List<Group> groups, int index) {
        List<String> hosts = hosts(groups);
        List<Map<String, Object>> instanceGroups = new ArrayList<>();
        String currentGroup = null;
        String currentType = null;
        int next = 0;
        for (Group group : groups) {
            List<String> members = hosts.subList(next, next + group.count());
            if (index >= next && index < next + group.count()) {
                currentGroup = group.name();
                currentType = group.instanceType();
            }
            next += group.count();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("instance_group_name", group.name());
            entry.put("instance_type", group.instanceType());
            entry.put("hosts", List.copyOf(members));
            instanceGroups.add(entry);
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("current_host", hosts.get(index));
        content.put("current_instance_type", currentType);
        content.put("current_group_name", currentGroup);
        content.put("current_instance_group", currentGroup);
        content.put("hosts", hosts);
        content.put("network_interface_name", "eth0");
        content.put("instance_groups", instanceGroups);
        return content;
    }
}
