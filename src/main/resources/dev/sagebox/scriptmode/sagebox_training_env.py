"""The SageMaker training environment of one host, computed as the SageMaker training toolkit computes it.

Mirrors the behaviour of aws/sagemaker-training-toolkit environment.py, mapping.py and params.py so that a user
script sees the same SM_* variables and command-line arguments as in the cloud. Standard library only, Python 3.8+.
"""
import json
import logging
import os
import re
import shutil

SAGEMAKER_PREFIX = "sagemaker_"
PROGRAM_PARAM = "sagemaker_program"
SUBMIT_DIR_PARAM = "sagemaker_submit_directory"
REGION_PARAM = "sagemaker_region"
LOG_LEVEL_PARAM = "sagemaker_container_log_level"
JOB_NAME_PARAM = "sagemaker_job_name"
S3_OUTPUT_PARAM = "sagemaker_s3_output"

# The toolkit's params.SAGEMAKER_HYPERPARAMETERS: removed from the user's hyperparameters and kept out of
# SM_FRAMEWORK_PARAMS, which holds every other sagemaker_* key.
RESERVED_KEYS = frozenset((
    PROGRAM_PARAM, SUBMIT_DIR_PARAM, "sagemaker_enable_cloudwatch_metrics", REGION_PARAM, LOG_LEVEL_PARAM,
    JOB_NAME_PARAM, "default_user_module_name", "_tuning_objective_metric", S3_OUTPUT_PARAM,
))

# Any of these framework flags puts the current instance group into distribution_instance_groups.
DISTRIBUTION_FLAGS = (
    "sagemaker_mpi_enabled", "sagemaker_parameter_server_enabled", "sagemaker_distributed_dataparallel_enabled",
    "sagemaker_pytorch_ddp_enabled", "sagemaker_pytorch_xla_multi_worker_enabled",
    "sagemaker_multi_worker_mirrored_strategy_enabled",
)

CLOUD_BASE = "/opt/ml"
_CLOUD_PATH = re.compile(r"(?<![\w./-])/opt/ml(?=/|$|[\s,;:=\"'])")


class Paths(object):
    """The /opt/ml tree of one host, rooted wherever the runtime put it."""

    def __init__(self, base):
        self.base = os.path.abspath(base)
        self.code = os.path.join(self.base, "code")
        self.model = os.path.join(self.base, "model")
        self.input = os.path.join(self.base, "input")
        self.input_config = os.path.join(self.input, "config")
        self.input_data = os.path.join(self.input, "data")
        self.output = os.path.join(self.base, "output")
        self.output_data = os.path.join(self.output, "data")
        self.output_intermediate = os.path.join(self.output, "intermediate")

    def config_file(self, name):
        return os.path.join(self.input_config, name)

    def channel(self, name):
        return os.path.join(self.input_data, name)

    def rebase(self, text):
        """Rewrites /opt/ml paths into this tree, for runs where the tree is not mounted at /opt/ml."""
        if self.base == CLOUD_BASE or not isinstance(text, str):
            return text
        return _CLOUD_PATH.sub(lambda _: self.base, text)


def decode_hyperparameters(raw):
    """json.loads every value, keeping the raw value when it is not JSON ("adam" stays adam)."""
    decoded = {}
    for key, value in raw.items():
        try:
            decoded[key] = json.loads(value)
        except (ValueError, TypeError):
            decoded[key] = value
    return decoded


def render(value):
    """mapping._decode: None is "", bytes are latin-1, anything else is Python's str()."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("latin1")
    return str(value)


def to_cmd_args(mapping):
    """mapping.to_cmd_args: sorted keys, -k for one-character keys, dicts as k1=v1,k2=v2."""
    args = []
    for key in sorted(mapping.keys()):
        name = render(key)
        args.append(("--%s" % name if len(name) > 1 else "-%s" % name) if name else "")
        value = mapping[key]
        if hasattr(value, "items"):
            args.append(",".join("%s=%s" % (k, v) for k, v in sorted(value.items())))
        else:
            args.append(render(value))
    return args


def to_env_value(value):
    """mapping.to_env_vars for one value: strings raw, None empty, the rest compact sorted ASCII JSON."""
    if isinstance(value, bytes):
        return value.decode("latin1")
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def to_env_vars(mapping):
    return {("SM_%s" % str(key).upper() if key else ""): to_env_value(value) for key, value in mapping.items()}


def _read_json(path):
    with open(path, "r") as f:
        return json.load(f)


def _rebase_values(value, paths):
    if isinstance(value, str):
        return paths.rebase(value)
    if isinstance(value, list):
        return [_rebase_values(item, paths) for item in value]
    if isinstance(value, dict):
        return {k: _rebase_values(v, paths) for k, v in value.items()}
    return value


class TrainingEnvironment(object):
    """What the toolkit's Environment() would hold on this host, plus the variables it exports."""

    def __init__(self, paths, environ, num_gpus=0, num_cpus=None, num_neurons=0):
        self.paths = paths
        resource_config = _read_json(paths.config_file("resourceconfig.json"))
        input_data_config = _read_json(paths.config_file("inputdataconfig.json"))
        all_hps = decode_hyperparameters(_read_json(paths.config_file("hyperparameters.json")))

        sagemaker_hps = {k: v for k, v in all_hps.items() if k in RESERVED_KEYS or k.startswith(SAGEMAKER_PREFIX)}
        user_hps = {k: v for k, v in all_hps.items() if k not in sagemaker_hps}
        self.rebased_hyperparameters = sorted(k for k, v in user_hps.items() if _rebase_values(v, paths) != v)
        user_hps = {k: _rebase_values(v, paths) for k, v in user_hps.items()}
        framework = {k: v for k, v in sagemaker_hps.items() if k not in RESERVED_KEYS}

        program_env = environ.get("SAGEMAKER_PROGRAM") or None
        self.user_entry_point = program_env or sagemaker_hps.get(PROGRAM_PARAM)
        module_name = program_env if program_env is not None else str(sagemaker_hps.get(PROGRAM_PARAM, None))
        if module_name and module_name.endswith(".py"):
            module_name = module_name[:-3]
        # The toolkit reads the submit directory from the hyperparameter only (its env var is overwritten).
        self.module_dir = str(sagemaker_hps.get(SUBMIT_DIR_PARAM, paths.code))
        self.job_name_param = sagemaker_hps.get(JOB_NAME_PARAM, "")
        # boto3's own region lookup stands in when the SDK did not pass sagemaker_region.
        self.region = sagemaker_hps.get(REGION_PARAM, environ.get("AWS_DEFAULT_REGION") or environ.get("AWS_REGION"))
        self.resource_config = resource_config
        self.user_hyperparameters = user_hps

        current_host = resource_config["current_host"]
        hosts = resource_config["hosts"]
        current_group = resource_config.get("current_group_name", "homogeneousCluster")
        groups_config = resource_config.get("instance_groups", [])
        instance_groups = [g["instance_group_name"] for g in groups_config]
        groups_dict = {g["instance_group_name"]: g for g in groups_config}
        group_hosts = next((g["hosts"] for g in groups_config if g["instance_group_name"] == current_group), [])
        default_distribution = [current_group] if any(framework.get(f, False) for f in DISTRIBUTION_FLAGS) else []
        distribution_groups = framework.get("sagemaker_distribution_instance_groups", default_distribution)
        if groups_config:
            distribution_hosts = [h for g in groups_config if g["instance_group_name"] in distribution_groups
                                  for h in g["hosts"]]
        else:
            distribution_hosts = list(hosts)
        master = distribution_hosts[0] if distribution_hosts else hosts[0]
        mp_parameters = environ.get("SM_HP_MP_PARAMETERS")

        self.properties = {
            "additional_framework_parameters": framework,
            "channel_input_dirs": {name: paths.channel(name) for name in input_data_config},
            "current_host": current_host,
            "current_instance_group": current_group,
            "current_instance_group_hosts": group_hosts,
            "current_instance_type": resource_config.get("current_instance_type", "local"),
            "distribution_hosts": distribution_hosts,
            "distribution_instance_groups": distribution_groups,
            "framework_module": environ.get("SAGEMAKER_TRAINING_MODULE"),
            "hosts": hosts,
            "hyperparameters": user_hps,
            "input_config_dir": paths.input_config,
            "input_data_config": input_data_config,
            "input_dir": paths.input,
            "instance_groups": instance_groups,
            "instance_groups_dict": groups_dict,
            "is_hetero": len(instance_groups) > 1,
            "is_master": current_host == master,
            "is_modelparallel_enabled": mp_parameters and mp_parameters != "{}",
            "is_smddpmprun_installed": shutil.which("smddpmprun") is not None,
            "is_smddprun_installed": shutil.which("smddprun") is not None,
            "job_name": environ.get("TRAINING_JOB_NAME"),
            "log_level": sagemaker_hps.get(LOG_LEVEL_PARAM, logging.INFO),
            "master_hostname": master,
            "model_dir": paths.model,
            "module_dir": self.module_dir,
            "module_name": module_name,
            "network_interface_name": resource_config.get("network_interface_name", "eth0"),
            "num_cpus": num_cpus if num_cpus is not None else (os.cpu_count() or 1),
            "num_gpus": num_gpus,
            "num_neurons": num_neurons,
            "output_data_dir": paths.output_data,
            "output_dir": paths.output,
            "output_intermediate_dir": paths.output_intermediate,
            "resource_config": resource_config,
            "user_entry_point": self.user_entry_point,
        }

    def user_args(self):
        return to_cmd_args(self.user_hyperparameters)

    def sm_variables(self):
        """Environment.to_env_vars(): every SM_* variable, in the toolkit's order."""
        p = self.properties
        env = {
            "hosts": p["hosts"],
            "network_interface_name": p["network_interface_name"],
            "hps": p["hyperparameters"],
            "user_entry_point": p["user_entry_point"],
            "framework_params": p["additional_framework_parameters"],
            "resource_config": p["resource_config"],
            "input_data_config": p["input_data_config"],
            "output_data_dir": p["output_data_dir"],
            "channels": sorted(p["channel_input_dirs"].keys()),
            "current_host": p["current_host"],
            "current_instance_type": p["current_instance_type"],
            "current_instance_group": p["current_instance_group"],
            "current_instance_group_hosts": p["current_instance_group_hosts"],
            "instance_groups": p["instance_groups"],
            "instance_groups_dict": p["instance_groups_dict"],
            "distribution_instance_groups": p["distribution_instance_groups"],
            "is_hetero": p["is_hetero"],
            "module_name": p["module_name"],
            "log_level": p["log_level"],
            "framework_module": p["framework_module"],
            "input_dir": p["input_dir"],
            "input_config_dir": p["input_config_dir"],
            "output_dir": p["output_dir"],
            "num_cpus": p["num_cpus"],
            "num_gpus": p["num_gpus"],
            "num_neurons": p["num_neurons"],
            "model_dir": p["model_dir"],
            "module_dir": p["module_dir"],
            "training_env": p,
            "user_args": self.user_args(),
            "output_intermediate_dir": p["output_intermediate_dir"],
        }
        if "topology" in self.resource_config:
            env["topology"] = self.resource_config["topology"]
        for name, path in p["channel_input_dirs"].items():
            env["channel_%s" % name] = path
        for key, value in p["hyperparameters"].items():
            env["hp_%s" % key] = value
        return to_env_vars(env)

    def process_variables(self):
        """What Environment() writes into os.environ before the toolkit starts the user's process."""
        return {
            "SAGEMAKER_JOB_NAME": render(self.job_name_param),
            "CURRENT_HOST": self.properties["current_host"],
            "SAGEMAKER_REGION": render(self.region or ""),
        }
