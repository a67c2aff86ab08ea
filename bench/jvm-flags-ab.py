# A/B of the JVM flags the launcher gives `sagebox up`; results in bench/results/jvm-flags-ab.md.
# Usage: ./sagebox build && R=4 python3 bench/jvm-flags-ab.py src/test/resources/bench/serve.py   (needs boto3 and wrk)
import subprocess, time, socket, os, sys, json, tempfile, shutil, re, boto3, statistics as S
J=os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java")
JAR=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "sagebox.jar")
# argv[1]: the benchmarks' echo `serve` program (src/test/resources/bench/serve.py).
SERVE=open(sys.argv[1]).read()
LUA='''wrk.method = "POST"
wrk.body = "[1,2,3]"
wrk.headers["Content-Type"] = "application/json"
'''
open("post.lua","w").write(LUA)
CONFIGS={
 "g1-default":[],
 "launcher":["-XX:+UseSerialGC","-Xms16m","-XX:MinHeapFreeRatio=10","-XX:MaxHeapFreeRatio=30"],
 "serial-xms64":["-XX:+UseSerialGC","-Xms64m","-Xmn32m"],
}
def free():
    s=socket.socket(); s.bind(("127.0.0.1",0)); p=s.getsockname()[1]; s.close(); return p
def start(flags):
    home=tempfile.mkdtemp(); port=free()
    prog=os.path.join(home,"echo"); os.makedirs(prog)
    open(os.path.join(prog,"serve"),"w").write(SERVE); os.chmod(os.path.join(prog,"serve"),0o755)
    json.dump({"images":[{"image":"*/bench-echo:*","directory":prog}]},open(os.path.join(home,"process-images.json"),"w"))
    p=subprocess.Popen([J]+flags+["-jar",JAR,"up","--port",str(port),"--data-dir",home],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)
    while True:
        try:
            socket.create_connection(("127.0.0.1",port),timeout=1).close(); break
        except OSError: time.sleep(0.05)
    time.sleep(0.5)
    sm=boto3.client("sagemaker",endpoint_url=f"http://127.0.0.1:{port}",region_name="us-east-1",aws_access_key_id="t",aws_secret_access_key="t")
    sm.create_model(ModelName="m",ExecutionRoleArn="arn:aws:iam::000000000000:role/R",PrimaryContainer={"Image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/bench-echo:1.0"})
    sm.create_endpoint_config(EndpointConfigName="m",ProductionVariants=[{"VariantName":"A","ModelName":"m","InitialInstanceCount":1,"InstanceType":"ml.m5.large"}])
    sm.create_endpoint(EndpointName="m",EndpointConfigName="m")
    while sm.describe_endpoint(EndpointName="m")["EndpointStatus"]!="InService": time.sleep(0.2)
    return p,port,home
def wrk(port,sec):
    out=subprocess.run(["wrk","-t","2","-c","64","-d",f"{sec}s","-s","post.lua",f"http://127.0.0.1:{port}/endpoints/m/invocations"],capture_output=True,text=True).stdout
    m=re.search(r"Requests/sec:\s+([\d.]+)",out); return float(m.group(1))
res={k:[] for k in CONFIGS}; rss={k:[] for k in CONFIGS}
servers={k:start(v) for k,v in CONFIGS.items()}
for k,(p,port,h) in servers.items(): wrk(port,2)
for r in range(int(os.environ.get("R","3"))):
    for k,(p,port,h) in servers.items():
        res[k].append(wrk(port,4))
        rss[k].append(int([l for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS")][0].split()[1])//1024)
        print(k,r,res[k][-1],rss[k][-1],flush=True)
for k,(p,port,h) in servers.items():
    p.terminate(); p.wait(); shutil.rmtree(h,ignore_errors=True)
for k in CONFIGS: print(k,"calls/s median %.0f min %.0f max %.0f"%(S.median(res[k]),min(res[k]),max(res[k])),"rss after",rss[k])
